import pytest


@pytest.mark.parametrize("x", [1])
def test_unknown_arg(y):
    pass


def test_fine():
    pass
