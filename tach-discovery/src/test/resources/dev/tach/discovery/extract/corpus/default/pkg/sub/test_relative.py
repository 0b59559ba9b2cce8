from .. import helpers
from ..helpers import CASES as cases

import pytest


@pytest.mark.parametrize("c", cases[:2])
def test_relative_import(c):
    pass


@pytest.mark.parametrize("c", helpers.PAIRS)
def test_relative_module(c):
    pass
