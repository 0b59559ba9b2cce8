"""Framing (docs/protocol.md "Transport") and the handshake."""

from __future__ import annotations

import json
import socket
import struct

import pytest

from tach_harness.protocol import MAX_FRAME, Connection, ProtocolError, encode_frame
from tests.supervisor import FakeSupervisor


def connection_receiving(raw: bytes) -> Connection:
    ours, theirs = socket.socketpair()
    theirs.sendall(raw)
    theirs.close()
    return Connection(ours)


def frame(body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + body


def test_frame_round_trips_utf8_json() -> None:
    message = {"type": "result", "test": "t.py::test_ü", "stdout": "ünïcode"}
    assert connection_receiving(encode_frame(message)).receive() == message
    assert encode_frame(message)[:4] == struct.pack(">I", len(encode_frame(message)) - 4)


def test_length_above_max_frame_is_a_protocol_error() -> None:
    conn = connection_receiving(struct.pack(">I", MAX_FRAME + 1))
    with pytest.raises(ProtocolError, match=r"frame length 67108865 exceeds MAX_FRAME \(67108864\)"):
        conn.receive()


def test_zero_length_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="frame length is 0"):
        connection_receiving(struct.pack(">I", 0)).receive()


def test_invalid_json_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="frame is not valid JSON") as error:
        connection_receiving(frame(b"{not json")).receive()
    assert "\n" not in str(error.value)


def test_invalid_utf8_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="not valid UTF-8"):
        connection_receiving(frame(b'{"type":"\xff"}')).receive()


@pytest.mark.parametrize("body", [b"[1, 2]", b'{"no_type": 1}', b'{"type": 3}'])
def test_object_without_string_type_is_a_protocol_error(body: bytes) -> None:
    with pytest.raises(ProtocolError):
        connection_receiving(frame(body)).receive()


def test_peer_closing_mid_frame_is_an_eof_error_not_a_hang() -> None:
    with pytest.raises(ProtocolError, match=r"closed mid-frame \(3 of 10 bytes read\)"):
        connection_receiving(struct.pack(">I", 10) + b'{"t').receive()
    with pytest.raises(ProtocolError, match="connection closed by the supervisor"):
        connection_receiving(b"").receive()


def test_oversized_message_is_refused_when_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tach_harness.protocol.MAX_FRAME", 100)  # not 64 MiB of JSON
    with pytest.raises(ProtocolError, match=r"frame of 122 bytes exceeds MAX_FRAME \(100\)"):
        encode_frame({"type": "x", "data": "a" * 100})


def test_zygote_hello_carries_role_pid_token_and_versions(supervisor: FakeSupervisor) -> None:
    supervisor.write({"test_a.py": "def test_a():\n    pass\n"})
    supervisor.start_zygote()
    conn, hello = supervisor.accept()
    assert supervisor.zygote is not None
    assert hello["type"] == "hello" and hello["protocol"] == 1 and hello["role"] == "zygote"
    assert hello["pid"] == supervisor.zygote.pid and hello["token"] == "test-token-1234"
    assert hello["python"].count(".") == 2 and hello["pytest"]
    conn.close()


def test_wrong_token_is_refused_and_the_zygote_exits_2_with_the_reason(supervisor: FakeSupervisor) -> None:
    supervisor.write({"test_a.py": "def test_a():\n    pass\n"})
    supervisor.start_zygote(token="not-the-secret")
    conn, hello = supervisor.accept()
    assert not supervisor.welcome(conn, hello)  # the fake supervisor expects test-token-1234
    assert supervisor.zygote is not None and supervisor.zygote.wait(20) == 2
    assert "refused by the supervisor: wrong token" in supervisor.zygote_stderr()


def test_zygote_dies_at_once_when_its_supervisor_is_not_its_parent(supervisor: FakeSupervisor) -> None:
    supervisor.write({"test_a.py": "def test_a():\n    pass\n"})
    supervisor.start_zygote(env={"TACH_SUPERVISOR_PID": "1"})
    assert supervisor.zygote is not None and supervisor.zygote.wait(20) == 1
