def test_top_level():
    pass
