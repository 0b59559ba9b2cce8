import sys

import pytest

if sys.version_info >= (3, 8):

    def test_new_python():
        pass

else:

    def test_old_python():
        pass


if sys.version_info[:2] < (3, 0):

    def test_python2():
        pass


if False:

    def test_never():
        pass


try:
    import json
except ImportError:
    json = None

    def test_no_json():
        pass
else:

    def test_has_json():
        pass


for _name in ["x", "y"]:

    def test_in_loop():
        pass


if sys.platform.startswith("linux"):

    def test_linux():
        pass
