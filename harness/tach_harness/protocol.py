"""Framing of the supervisor <-> harness protocol (docs/protocol.md, "Transport").

A frame is a 4-byte big-endian length N (1 <= N <= MAX_FRAME) followed by N bytes of
UTF-8 JSON holding one object with a "type" member.
"""

from __future__ import annotations

import json
import os
import socket
import struct
from typing import Any

from tach_harness import PROTOCOL_VERSION, __version__

MAX_FRAME = 64 * 1024 * 1024
_HEADER = struct.Struct(">I")

Message = dict[str, Any]


class ProtocolError(Exception):
    """A frame that breaks the protocol; the message is one line naming the fault."""


def encode_frame(message: Message) -> bytes:
    """Turn a message into the bytes of one frame."""
    if "type" not in message:
        raise ProtocolError("message has no 'type' member")
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(body) > MAX_FRAME:
        raise ProtocolError(f"frame of {len(body)} bytes exceeds MAX_FRAME ({MAX_FRAME})")
    return _HEADER.pack(len(body)) + body


def decode_body(body: bytes) -> Message:
    """Parse the JSON body of one frame into a message."""
    try:
        message = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"frame is not valid UTF-8: {exc}") from None
    except ValueError as exc:
        raise ProtocolError(f"frame is not valid JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError(f"frame holds a JSON {type(message).__name__}, not an object")
    if not isinstance(message.get("type"), str):
        raise ProtocolError("frame object has no string 'type' member")
    return message


def check_length(length: int) -> None:
    """Reject a frame length the protocol does not allow."""
    if length == 0:
        raise ProtocolError("frame length is 0")
    if length > MAX_FRAME:
        raise ProtocolError(f"frame length {length} exceeds MAX_FRAME ({MAX_FRAME})")


class Connection:
    """One framed connection over a connected stream socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    @classmethod
    def connect(cls, path: str) -> Connection:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(path)
        return cls(sock)

    def fileno(self) -> int:
        return self.sock.fileno()

    def send(self, message: Message) -> None:
        self.sock.sendall(encode_frame(message))

    def receive(self) -> Message:
        """Read one frame; an EOF mid-frame or a bad frame raises ProtocolError."""
        header = self._read_exactly(_HEADER.size, at_boundary=True)
        (length,) = _HEADER.unpack(header)
        check_length(length)
        return decode_body(self._read_exactly(length, at_boundary=False))

    def _read_exactly(self, count: int, at_boundary: bool) -> bytes:
        chunks: list[bytes] = []
        remaining = count
        while remaining:
            chunk = self.sock.recv(min(remaining, 1 << 20))
            if not chunk:
                if at_boundary and remaining == count:
                    raise ProtocolError("connection closed by the supervisor")
                raise ProtocolError(
                    f"connection closed mid-frame ({count - remaining} of {count} bytes read)"
                )
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


def hello_message(role: str, token: str, extra: Message) -> Message:
    """The first frame of every connection (docs/protocol.md, "Handshake")."""
    message: Message = {
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "role": role,
        "pid": os.getpid(),
        "token": token,
        "harness": __version__,
    }
    message.update(extra)
    return message


class Refused(Exception):
    """The supervisor refused the handshake; the message is its reason."""


def handshake(conn: Connection, role: str, token: str, extra: Message) -> None:
    """Send hello and wait for welcome; raise Refused with the supervisor's reason."""
    conn.send(hello_message(role, token, extra))
    answer = conn.receive()
    if answer["type"] == "refused":
        raise Refused(str(answer.get("reason", "no reason given")))
    if answer["type"] != "welcome":
        raise ProtocolError(f"expected 'welcome' or 'refused', got '{answer['type']}'")
