"""No one on the Wi-Fi can stop the office: 200 idle event streams on a real `satupintu serve`."""

from __future__ import annotations

import http.client
import json
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from browser_support import LiveServer, kiosk_headers

STREAMS = 200
PER_ADDRESS = 7  # under the default cap of 8 per client address
ANSWER_SECONDS = 10  # generous: a stalled server never answers at all


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The demo office with short keepalives, so closed streams are noticed within 2 s."""
    live = LiveServer(
        tmp_path_factory.mktemp("streams"), demo=True, DISPLAY_KEEPALIVE_SECONDS="2"
    ).start()
    yield live
    live.stop()


def open_stream(server: LiveServer, source: str) -> tuple[socket.socket, bytes]:
    """An idle /display/events connection from `source`; (socket, status line)."""
    sock = socket.socket()
    sock.bind((source, 0))
    sock.settimeout(ANSWER_SECONDS)
    sock.connect(("127.0.0.1", server.port))
    sock.sendall(b"GET /display/events HTTP/1.1\r\nHost: kiosk\r\n\r\n")
    return sock, sock.recv(64).split(b"\r\n", 1)[0]


def call(server: LiveServer, method: str, path: str, body: dict | None = None) -> int:
    """One request on a fresh connection; its status."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=ANSWER_SECONDS)
    try:
        payload = json.dumps(body) if body is not None else None
        headers = {"Content-Type": "application/json"}
        if path == "/api/v1/tickets":  # numbers are taken by the paired kiosk
            headers.update(kiosk_headers(server))
        conn.request(method, path, payload, headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_tickets_and_staff_login_answer_with_200_idle_streams_open(server):
    server.kiosk_token()  # the kiosk is paired before the streams open
    sources = [f"127.0.0.{2 + n // PER_ADDRESS}" for n in range(STREAMS)]
    opened = [open_stream(server, source) for source in sources]
    try:
        assert [status for _sock, status in opened] == [b"HTTP/1.1 200 OK"] * STREAMS

        def ticket(_n):
            return call(server, "POST", "/api/v1/tickets", {"service": "ktp-baru"})

        def login(_n):
            body = {"username": "petugas1", "password": "satupintu"}
            return call(server, "POST", "/api/v1/auth/token", body)

        with ThreadPoolExecutor(max_workers=6) as pool:
            tickets = pool.map(ticket, range(40))
            logins = pool.map(login, range(4))
            assert list(tickets) == [201] * 40 and list(logins) == [200] * 4
        assert call(server, "GET", "/masuk") == 200
        # The idle streams are still open (a closed one would read b"").
        assert all(sock.recv(65536) for sock, _status in opened[::20])
    finally:
        for sock, _status in opened:
            sock.close()


def test_one_address_gets_eight_streams_then_429_and_a_slot_back_when_one_closes(server):
    source = "127.0.0.99"
    held = [open_stream(server, source) for _ in range(8)]
    assert {status for _sock, status in held} == {b"HTTP/1.1 200 OK"}
    sock, status = open_stream(server, source)
    sock.close()
    assert status == b"HTTP/1.1 429 TOO MANY REQUESTS"
    other, status = open_stream(server, "127.0.0.98")
    other.close()
    assert status == b"HTTP/1.1 200 OK"  # other devices are not affected
    held.pop()[0].close()
    # The server frees the slot when a write to the closed stream fails: at one of its next
    # keepalives (every 2 s). Each read below waits for a keepalive on a stream still held.
    for _keepalive in range(8):
        held[0][0].recv(65536)
        sock, status = open_stream(server, source)
        held.append((sock, status))
        if status == b"HTTP/1.1 200 OK":
            break
        held.pop()[0].close()
    assert status == b"HTTP/1.1 200 OK"
    for sock, _status in held:
        sock.close()
