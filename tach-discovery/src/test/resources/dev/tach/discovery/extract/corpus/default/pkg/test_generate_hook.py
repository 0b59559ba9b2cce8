def pytest_generate_tests(metafunc):
    if "g" in metafunc.fixturenames:
        metafunc.parametrize("g", [1, 2])


def test_generated(g):
    pass


def test_not_generated():
    pass
