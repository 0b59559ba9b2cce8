import pytest


def test_first():
    pass


async def test_async():
    pass


def test_with_defaults(a=1, b=2):
    pass


def helper_not_collected():
    pass


def test_rebound():
    pass


def test_second():
    pass


def test_rebound():  # noqa: F811 - keeps the first position
    pass


test_alias = test_second


def check_nose_style():
    pass


check_nose_style.__test__ = True


def test_disabled():
    pass


test_disabled.__test__ = False


def test_deleted():
    pass


del test_deleted


def test_deleted():  # noqa: F811 - bound again after del: goes to the end
    pass


@pytest.fixture
def test_looks_like_a_test_but_is_a_fixture():
    return 1


class TestPlain:
    def test_method(self):
        pass

    @staticmethod
    def test_static(x=1):
        pass

    @classmethod
    def test_class_method(cls):
        pass

    @property
    def test_property(self):
        return 1

    test_data = [1, 2]

    def helper(self):
        pass

    class TestNested:
        def test_inner(self):
            pass

        class TestDeeper:
            def test_deepest(self):
                pass

    class NotATest:
        def test_hidden(self):
            pass


class TestWithInit:
    def __init__(self):
        pass

    def test_never(self):
        pass


class TestWithNew:
    def __new__(cls):
        return super().__new__(cls)

    def test_never(self):
        pass


class TestDisabled:
    __test__ = False

    def test_never(self):
        pass


class SuiteEnabledByAttribute:
    __test__ = True

    def test_enabled(self):
        pass


class TestStaticAssigned:
    def _impl():
        pass

    test_assigned_static = staticmethod(_impl)


class Testlowercase_prefix:
    def test_matches_prefix(self):
        pass


class TestEmpty:
    pass


test_not_callable = 42
test_string = "nope"
