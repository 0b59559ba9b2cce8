import pytest


@pytest.fixture
def from_ini():
    return 1


@pytest.fixture(autouse=True)
def everywhere():
    yield
