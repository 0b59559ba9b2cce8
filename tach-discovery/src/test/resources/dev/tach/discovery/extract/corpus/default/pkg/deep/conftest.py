import pytest


@pytest.fixture(params=[0.5, pytest.param("p", id="pee"), None], ids=lambda v: f"d{v}")
def deep_param(request):
    return request.param


@pytest.fixture(scope="package", autouse=True)
def deep_auto():
    yield


@pytest.fixture(name="renamed_deep")
def _deep_impl(tmp_path, request):
    return tmp_path
