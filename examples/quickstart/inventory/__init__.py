"""A tiny stock-keeping library: the code under test of the quickstart example."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


class OutOfStock(Exception):
    """Raised when more items are taken than the store holds."""


@dataclass
class Store:
    """Quantities and unit prices by product name."""

    stock: dict[str, int] = field(default_factory=dict)
    prices: dict[str, float] = field(default_factory=dict)

    def add(self, product: str, quantity: int, price: float) -> None:
        if quantity <= 0:
            raise ValueError(f"quantity must be positive, got {quantity}")
        self.stock[product] = self.stock.get(product, 0) + quantity
        self.prices[product] = price

    def take(self, product: str, quantity: int) -> float:
        held = self.stock.get(product, 0)
        if quantity > held:
            raise OutOfStock(f"{product}: asked for {quantity}, have {held}")
        self.stock[product] = held - quantity
        return quantity * self.prices[product]

    def value(self) -> float:
        return sum(q * self.prices[p] for p, q in self.stock.items())


def currency() -> str:
    """The currency prices are in; configured through the environment."""
    return os.environ.get("INVENTORY_CURRENCY", "USD")
