import pytest


@pytest.fixture(scope="module", params=[1, "two"], ids=["one", None])
def conf_param():
    return 1
