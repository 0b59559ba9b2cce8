import unittest
from unittest import TestCase

import pytest

from .ut_base import UtBase


class MyCase(unittest.TestCase):
    def test_zeta(self):
        pass

    def test_alpha(self):
        pass

    def testNoUnderscore(self):
        pass

    def helper(self):
        pass

    @pytest.mark.parametrize("x", [1, 2])
    def test_parametrize_ignored(self, x):
        pass

    test_attr = 3


class Derived(UtBase):
    def test_b_derived(self):
        pass


class TestNamedCase(TestCase):
    def test_one(self):
        pass


class RunTestOnly(unittest.TestCase):
    def runTest(self):
        pass


class Mixin:
    def test_from_mixin(self):
        pass


class WithMixin(Mixin, unittest.TestCase):
    def test_own(self):
        pass


class AsyncCase(unittest.IsolatedAsyncioTestCase):
    async def test_async_method(self):
        pass


class NotUnittest:
    def test_not(self):
        pass
