import unittest


class UtBase(unittest.TestCase):
    def test_z_base(self):
        pass

    def test_a_base(self):
        pass
