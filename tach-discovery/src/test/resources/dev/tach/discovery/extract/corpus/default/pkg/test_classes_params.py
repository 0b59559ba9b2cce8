import pytest

pytestmark = pytest.mark.parametrize("m", ["module"])


@pytest.mark.parametrize("c", [1, 2])
class TestParametrizedClass:
    def test_a(self, c, m):
        pass

    @pytest.mark.parametrize("f", ["x"])
    def test_b(self, c, f, m):
        pass


class TestClassPytestmark:
    pytestmark = [pytest.mark.parametrize("p", [True, False])]

    def test_c(self, p, m):
        pass


@pytest.mark.parametrize("c", [9])
class TestBaseParam:
    def test_base(self, c, m):
        pass


class TestDerivedParam(TestBaseParam):
    def test_derived(self, c, m):
        pass


def test_module_only(m):
    pass
