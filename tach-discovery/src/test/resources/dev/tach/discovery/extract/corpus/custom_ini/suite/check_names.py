import pytest

from suite.helpers import ImportedSuite, check_imported


def check_one():
    pass


def checkless():
    pass


def verify_two():
    pass


def test_not_matching():
    pass


class MySuite:
    def verify(self):
        pass

    def check_method(self):
        pass

    def test_no(self):
        pass


class Checker:
    def check_x(self):
        pass


class TestIgnored:
    def check_y(self):
        pass


@pytest.mark.parametrize("s", ["ünï", "tab\there", "emoji \U0001f600", b"\xff"[:0].decode() + "é"])
def check_unescaped(s):
    pass


@pytest.mark.slow
@pytest.mark.usefixtures("from_ini")
def check_marked(everywhere):
    pass
