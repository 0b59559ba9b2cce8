def check_imported():
    pass


class ImportedSuite:
    def verify(self):
        pass
