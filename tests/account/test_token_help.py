"""The API-token help text shows the header to send, placeholder included: "<token>" inside a
translated message was taken for an HTML tag and vanished ("Authorization: Bearer ")."""

from __future__ import annotations


def test_token_help_shows_the_placeholder_as_text(client, login_as):
    login_as("student")
    html = client.get("/account/").get_data(as_text=True)
    assert "Authorization: Bearer &lt;token&gt;" in html
    assert "<token>" not in html
