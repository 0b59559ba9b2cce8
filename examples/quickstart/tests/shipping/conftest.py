from __future__ import annotations

import pytest


@pytest.fixture(scope="package")
def carrier_rates() -> dict[str, float]:
    """Package scope: set up once per worker for the tests of tests/shipping/."""
    return {"post": 4.5, "courier": 12.0}
