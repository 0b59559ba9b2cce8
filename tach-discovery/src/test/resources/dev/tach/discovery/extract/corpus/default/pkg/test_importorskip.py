import pytest

missing = pytest.importorskip("tach_missing_module_xyz")


def test_never_listed():
    pass
