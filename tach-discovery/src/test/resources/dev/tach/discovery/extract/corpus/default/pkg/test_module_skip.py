import pytest

pytest.skip("whole module", allow_module_level=True)


def test_never_listed():
    pass
