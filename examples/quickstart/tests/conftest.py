from __future__ import annotations

import sqlite3

import pytest

from inventory import Store


@pytest.fixture(scope="session")
def catalogue_db(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """An expensive, read-only resource: built once per worker, shared by its tests."""
    path = tmp_path_factory.mktemp("db") / "catalogue.sqlite"
    db = sqlite3.connect(path)
    db.execute("create table product (name text primary key, price real)")
    db.executemany("insert into product values (?, ?)", [("apple", 0.5), ("pear", 0.75), ("fig", 2.0)])
    db.commit()
    yield db
    db.close()


@pytest.fixture(scope="module")
def prices(catalogue_db: sqlite3.Connection) -> dict[str, float]:
    return dict(catalogue_db.execute("select name, price from product"))


@pytest.fixture
def store(prices: dict[str, float]) -> Store:
    """A fresh store per test: function scope."""
    s = Store()
    for name, price in prices.items():
        s.add(name, 10, price)
    return s
