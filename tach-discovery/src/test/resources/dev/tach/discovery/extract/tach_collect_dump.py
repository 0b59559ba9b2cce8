"""A pytest plugin for PytestCollectionAgreementTest: after collection it writes, one JSON
object per line, what pytest knows about each collected test and each fixture defined under the
rootdir, so the Java side can compare its static view with it. Uses pytest internals (checked
against pytest 9.0)."""
from __future__ import annotations

import json
import os

from _pytest.python import IdMaker
from _pytest.mark.structures import ParameterSet


def _fixture_ids(name: str, fixturedef, config) -> list[str] | None:
    if fixturedef.params is None:
        return None
    sets = [ParameterSet.extract_from(p, force_tuple=True) for p in fixturedef.params]
    if not sets:
        return ["NOTSET"]
    ids = fixturedef.ids
    idfn = ids if callable(ids) else None
    idlist = None if callable(ids) or ids is None else list(ids)
    made = IdMaker([name], sets, idfn, idlist, config, None, None)
    return [i if isinstance(i, str) else "" for i in made.make_unique_parameterset_ids()]


def pytest_collection_finish(session) -> None:
    path = os.environ["TACH_COLLECT_DUMP"]
    root = str(session.config.rootpath)
    fm = session._fixturemanager
    with open(path, "w", encoding="utf-8") as out:
        for item in session.items:
            info = getattr(item, "_fixtureinfo", None)
            record = {
                "nodeid": item.nodeid,
                "markers": [m.name for m in item.iter_markers()],
                "initialnames": list(info.initialnames) if info else [],
                "autouse": list(fm._getautousenames(item)),
            }
            out.write(json.dumps(record) + "\n")
        for name, defs in sorted(fm._arg2fixturedefs.items()):
            for fixturedef in defs:
                func = getattr(fixturedef, "func", None)
                code = getattr(getattr(func, "__func__", func), "__code__", None)
                filename = code.co_filename if code else ""
                generated = name.startswith(("_xunit_", "_unittest_"))
                if not (filename.startswith(root) or (generated and fixturedef.baseid)):
                    continue
                record = {
                    "fixture": name,
                    "baseid": fixturedef.baseid,
                    "scope": fixturedef.scope,
                    "argnames": list(fixturedef.argnames),
                    "ids": _fixture_ids(name, fixturedef, session.config),
                }
                out.write(json.dumps(record) + "\n")
