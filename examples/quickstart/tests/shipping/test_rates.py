from __future__ import annotations

import sys

import pytest

from inventory import Store


class TestShippingCost:
    @pytest.fixture(scope="class")
    def parcel(self) -> dict[str, float]:
        """Class scope: one parcel shared by the tests of this class."""
        return {"weight_kg": 2.0}

    @pytest.mark.parametrize("carrier", ["post", "courier"])
    def test_rate_is_positive(self, carrier_rates: dict[str, float], carrier: str) -> None:
        assert carrier_rates[carrier] > 0

    def test_heavier_parcels_cost_more(self, carrier_rates: dict[str, float], parcel: dict[str, float]) -> None:
        assert parcel["weight_kg"] * carrier_rates["post"] > carrier_rates["post"]

    @pytest.mark.xfail(reason="courier discounts are not modelled", strict=True)
    def test_courier_discount(self, carrier_rates: dict[str, float]) -> None:
        assert carrier_rates["courier"] < 10


@pytest.mark.skipif(sys.platform != "linux", reason="the warehouse runs Linux")
def test_order_total_includes_shipping(store: Store, carrier_rates: dict[str, float]) -> None:
    total = store.take("pear", 2) + carrier_rates["post"]
    assert total == pytest.approx(6.0)
