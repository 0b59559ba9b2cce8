from pkg.helpers import TestImportedSuite, test_helper_function
from pkg.helpers import TestImportedSuite as TestAliasSuite
from pkg.base import *


def test_local_one():
    pass
