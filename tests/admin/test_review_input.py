"""Review findings: "digits" that int() refuses (²) or that overflow INTEGER never give a 500."""

from __future__ import annotations

import pytest

from foundry.imports import fields


@pytest.mark.parametrize("actor", ["²", "99999999999999999999"])
def test_audit_actor_filter_with_odd_digits(client, login_as, actor):
    """str.isdigit() accepts '²', which int() refuses: the page still answers."""
    login_as("admin")
    assert client.get("/admin/audit", query_string={"actor": actor}).status_code == 200
    assert client.get("/exports/audit.csv", query_string={"actor": actor}).status_code == 200


def test_import_money_with_superscript_digit_is_a_clear_error(app):
    """A '²' in a salary cell is reported as not an amount (not int()'s own message)."""
    with app.test_request_context(), pytest.raises(ValueError, match="not a whole amount"):
        fields.money("36000²")
