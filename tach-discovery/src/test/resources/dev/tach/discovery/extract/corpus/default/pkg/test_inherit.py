import pytest

from pkg.helpers import HelperBase, TestImportedSuite
from pkg.helpers import test_helper_function
from .base import BaseTests, TestBaseCollectedToo


class TestDerived(BaseTests):
    def test_own(self):
        pass

    def test_overridden(self):
        pass


class TestFromHelper(HelperBase):
    def test_local(self):
        pass


class A:
    def test_from_a(self):
        pass

    def test_shared(self):
        pass


class B(A):
    def test_from_b(self):
        pass


class C(A):
    def test_from_c(self):
        pass

    def test_shared(self):
        pass


class TestDiamond(B, C):
    def test_own(self):
        pass


class TestDisablesInherited(BaseTests):
    test_base_one = None


class Hidden:
    __test__ = False

    def test_never_direct(self):
        pass


class TestReenabled(Hidden):
    __test__ = True

    def test_reenabled(self):
        pass


class TestInheritsInit(BaseWithInit := type("BaseWithInit", (), {})):
    def test_walrus_base(self):
        pass
