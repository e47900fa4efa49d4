"""Real local receivers for updates pushed through the alert channels: an HTTP webhook that keeps
what it is sent, and an SMTP server (aiosmtpd) that keeps the mail."""
from __future__ import annotations

import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import free_port


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server API)
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append(payload)
        self.send_response(500 if self.path == "/down" else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    """An HTTP server on 127.0.0.1: ``.received`` holds the JSON bodies, ``.url(path)`` its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []
    server.url = lambda path="/hook": f"http://127.0.0.1:{server.server_address[1]}{path}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def mailbox():
    """An SMTP server on 127.0.0.1: yields (port, list of received email messages)."""
    from aiosmtpd.controller import Controller

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
            received.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, received
    controller.stop()
