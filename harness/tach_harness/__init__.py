"""Tach harness: the Python side of Tach (zygote, workers, test children).

The wire protocol it speaks is specified in docs/protocol.md of the project.
"""

from __future__ import annotations

__version__ = "0.1.0"
PROTOCOL_VERSION = 1
