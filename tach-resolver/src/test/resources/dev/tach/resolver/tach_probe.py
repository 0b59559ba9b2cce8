"""Records what pytest resolved, for tach-resolver's PytestAgreementTest."""
import os
import re

_lines = []


def _one_line(text):
    for pattern, kind in (
        (r"fixture '([^']+)' not found", "missing"),
        (r"recursive dependency involving fixture '([^']+)'", "cycle"),
        (r"ScopeMismatch: You tried to access the \w+ scoped fixture (\w+)", "scope"),
    ):
        match = re.search(pattern, text)
        if match:
            return kind + " " + match.group(1)
    return "other " + " ".join(text.split())[-200:]


def pytest_collection_finish(session):
    for item in session.items:
        names = ",".join(getattr(item, "fixturenames", []))
        _lines.append("item\t" + item.nodeid + "\t" + names)


def pytest_fixture_setup(fixturedef, request):
    # pytest 9.1 takes the baseid from the node, and the rootdir's node id is "." there.
    baseid = "" if fixturedef.baseid == "." else fixturedef.baseid
    _lines.append("setup\t" + request._pyfuncitem.nodeid + "\t" + fixturedef.argname + "@" + baseid)


def pytest_runtest_logreport(report):
    if report.when == "setup" and report.failed:
        _lines.append("error\t" + report.nodeid + "\t" + _one_line(str(report.longrepr)))


def pytest_sessionfinish(session):
    with open(os.environ["TACH_PROBE_OUT"], "w") as out:
        out.write("\n".join(_lines) + "\n")
