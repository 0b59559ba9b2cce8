import pytest


class BaseTests:
    def test_base_one(self):
        pass

    def test_overridden(self):
        pass

    @pytest.mark.parametrize("q", [1, 2])
    def test_base_param(self, q):
        pass

    def test_base_two(self):
        pass


class TestBaseCollectedToo:
    def test_in_base_module(self):
        pass
