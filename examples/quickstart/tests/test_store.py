from __future__ import annotations

import pytest

from inventory import OutOfStock, Store, currency


def test_new_store_is_empty() -> None:
    assert Store().value() == 0


@pytest.mark.parametrize(
    ("product", "quantity", "expected"),
    [("apple", 2, 1.0), ("pear", 4, 3.0), pytest.param("fig", 1, 2.0, id="one-fig")],
)
def test_take_charges_unit_price(store: Store, product: str, quantity: int, expected: float) -> None:
    assert store.take(product, quantity) == expected


def test_taking_too_much_raises(store: Store) -> None:
    with pytest.raises(OutOfStock, match="asked for 11"):
        store.take("apple", 11)


def test_stock_changes_do_not_leak_between_tests(store: Store) -> None:
    # Each test gets its own store (and its own process): draining it here is harmless.
    store.take("apple", 10)
    assert store.stock["apple"] == 0


def test_currency_comes_from_tool_tach_env() -> None:
    assert currency() == "EUR"


def test_value_of_a_full_store(store: Store) -> None:
    # A deliberately failing test: the example shows what a failure looks like.
    assert store.value() == 32.0, "10 apples + 10 pears + 10 figs"


@pytest.mark.skip(reason="returns are not implemented yet")
def test_returns_put_items_back(store: Store) -> None:
    store.take("fig", 1)
