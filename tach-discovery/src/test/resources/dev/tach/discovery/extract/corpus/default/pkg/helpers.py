"""Support module: constants, base classes and marks that tests import."""
import enum

import pytest

CASES = [1, 2.5, "three", None]
PAIRS = [(1, "a"), (2, "b")]
slow = pytest.mark.slow
parametrize_n = pytest.mark.parametrize("n", [10, 20])


class Color(enum.Enum):
    RED = 1
    GREEN = "g"


class Thing:
    def __init__(self, value):
        self.value = value


def make_thing(value):
    return Thing(value)


class HelperBase:
    def test_from_helper_base(self):
        pass

    def helper(self):
        pass


class TestImportedSuite:
    def test_imported_one(self):
        pass

    @pytest.mark.parametrize("v", CASES)
    def test_imported_param(self, v):
        pass


def test_helper_function():
    pass
