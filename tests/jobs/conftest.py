"""A real SMTP server (aiosmtpd) on a free loopback port, and the app pointed at it."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port nobody listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received: parsed messages, in order."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        """Messages addressed to one recipient."""
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture()
def smtp_server():
    """An SMTP server on 127.0.0.1 for one test; yields (inbox, port)."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture()
def mail_on(app, monkeypatch, smtp_server):
    """Mail delivery switched on for this test, to the local SMTP server; yields the inbox."""
    inbox, port = smtp_server
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                       "MAIL_TIMEOUT": 5, "BASE_URL": "https://talentfoundry.example"}.items():
        monkeypatch.setitem(app.config, key, value)
    return inbox


def body_of(message) -> str:
    """The plain-text body of a parsed message."""
    return message.get_body(("plain",)).get_content()
