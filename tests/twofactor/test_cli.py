"""`flask users reset-two-factor`: the way back in when the only admin lost their phone."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import AuditLog, TwoFactor
from tests import factories
from tests.twofactor.helpers import enrol


def test_reset_two_factor_from_the_command_line(app, runner, db):
    admin = factories.user_with_role("admin")
    db.session.commit()
    enrol(app, admin)
    result = runner.invoke(args=["users", "reset-two-factor", admin.email.upper()])
    assert result.exit_code == 0, result.output
    assert "reset" in result.output
    assert db.session.scalar(select(TwoFactor)) is None
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.2fa_reset"))
    assert entry.actor_id is None and entry.details["by"] == "command line"


def test_reset_two_factor_of_an_unknown_email(runner, db):
    result = runner.invoke(args=["users", "reset-two-factor", "nobody@example.com"])
    assert result.exit_code != 0 and "No account uses" in result.output
