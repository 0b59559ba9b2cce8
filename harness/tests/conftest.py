from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

HARNESS_DIR = Path(__file__).resolve().parent.parent
if str(HARNESS_DIR) not in sys.path:
    sys.path.insert(0, str(HARNESS_DIR))

from tests.supervisor import FakeSupervisor  # noqa: E402


@pytest.fixture
def supervisor(tmp_path: Path) -> Iterator[FakeSupervisor]:
    """A fake supervisor over a tmp project; it always kills the harness tree at the end."""
    fake = FakeSupervisor(tmp_path)
    try:
        yield fake
    finally:
        fake.kill_everything()
