import datetime
import enum
import functools
import unittest
from unittest import mock

import pytest as pt
from pytest import fixture, mark, param

from pkg.helpers import Color

__all__ = ["ignored"]


class Size(enum.IntEnum):
    SMALL = 1
    LARGE = 2


class Kind(str, enum.Enum):
    A = "a"


def wraps_keeping_signature(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@fixture
def plain():
    return 1


@fixture(scope="class")
def class_scoped(plain):
    return plain


@mark.parametrize("x", [param(1, id="uno"), param(2, marks=mark.xfail)])
@mark.parametrize("y", [Color.RED, Color.GREEN])
def test_aliases(x, y):
    pass


@pt.mark.parametrize("d", [datetime.date(2020, 1, 1), datetime.timedelta(1)])
def test_nameless_stdlib(d):
    pass


@pt.mark.parametrize("s", [Size.SMALL, Size.LARGE])
def test_int_enum(s):
    pass


@wraps_keeping_signature
@pt.mark.parametrize("n", [1])
def test_wrapped(n, plain):
    pass


@pt.mark.parametrize("v", ["\x01\x02", "\u2028", "tab\t", " spaced ", ""], ids=None)
def test_odd_strings(v):
    pass


@pt.mark.parametrize("a", [1, 2], scope="module")
@pt.mark.parametrize("plain", [5], indirect=True)
def test_scope_and_indirect(a, plain):
    pass


@pt.mark.parametrize("x", [1, 2], ids=[pt.HIDDEN_PARAM, "shown"])
@pt.mark.parametrize("y", [3])
def test_hidden_stacked(x, y):
    pass


@pt.mark.parametrize("x", ["%s-%d" % ("a", 1), "{}/{:>3}".format("b", 2), "{k}".format(k="kw")])
def test_formatting(x):
    pass


@pt.mark.parametrize("x", [1, 2], ids=["a" * 2, "b".upper()])
def test_computed_ids(x):
    pass


@pt.mark.usefixtures("plain", "class_scoped")
class TestUsefixtures:
    pytestmark = [pt.mark.usefixtures("renamed_deep")]

    @pt.mark.usefixtures("plain")
    def test_order(self, class_scoped):
        pass

    @mock.patch("os.getcwd")
    @mock.patch.dict("os.environ", {})
    @mock.patch.multiple("os", sep="/")
    def test_patch_variants(self, getcwd_mock, plain):
        pass

    @staticmethod
    @pt.mark.parametrize("v", [1])
    def test_static_param(v, plain):
        pass

    @classmethod
    def test_class_method(cls, plain):
        pass

    class TestNestedParam:
        @pt.mark.parametrize("w", [True])
        def test_nested(self, w):
            pass


@pt.mark.marked_base
class MarkedBase:
    pytestmark = [pt.mark.body_base]

    def test_from_base(self):
        pass


class TestMarksInherited(MarkedBase):
    @pt.mark.own
    def test_own(self):
        pass


class TestLaterDisabled:
    def test_never(self):
        pass


TestLaterDisabled.__test__ = False


class TestWithFixtures:
    @fixture(autouse=True)
    def auto_method(self, request):
        yield

    @fixture(params=["m1", "m2"])
    def method_param(self, request):
        return request.param

    def test_uses(self, auto_method):
        pass


class TestCaseWithMarks(unittest.TestCase):
    pytestmark = pt.mark.unit

    @pt.mark.usefixtures("plain")
    def test_b(self):
        pass

    @pt.mark.skip
    def test_a(self):
        pass


def test_deep_fixtures(renamed_deep):
    pass


@pt.mark.parametrize("deep_param", [1, 2])
def test_overrides_fixture_param(deep_param):
    pass


@mock.patch("os.getcwd")
@mock.patch("os.sep", new="/")
class TestClassPatched:
    def test_one(self, getcwd_mock, plain):
        pass

    @mock.patch("os.listdir")
    def test_two(self, listdir_mock, getcwd_mock, plain):
        pass


class Meta(type):
    def __new__(mcls, name, bases, namespace):
        namespace["test_generated"] = lambda self: None
        return super().__new__(mcls, name, bases, namespace)


class TestWithMeta(metaclass=Meta):
    def test_written(self):
        pass
