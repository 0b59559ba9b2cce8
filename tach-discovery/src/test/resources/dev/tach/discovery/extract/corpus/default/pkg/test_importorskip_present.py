import pytest

json = pytest.importorskip("json", minversion="0.0")


class TestInBody:
    os = pytest.importorskip("os")

    def test_listed(self):
        pass
