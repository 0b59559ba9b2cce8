def check_in_test_file():
    pass


def test_ignored_by_name():
    pass
