import unittest.mock
from unittest import mock
from unittest.mock import patch

import pytest


@pytest.fixture
def real_fixture():
    return 1


@mock.patch("os.getcwd")
@patch("os.listdir", new=lambda p: [])
@patch.object(unittest.mock, "DEFAULT")
def test_patched(getcwd_mock, default_mock, real_fixture):
    pass


class TestPatchedMethods:
    @unittest.mock.patch("os.sep")
    @pytest.mark.parametrize("x", [1, 2])
    def test_method(self, sep_mock, x):
        pass
