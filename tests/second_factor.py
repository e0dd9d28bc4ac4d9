"""For tools that sign demo deans and admins in through the real form (the phone-width walk,
the HTML check, the browser benchmark): record that this sign-in passed the second factor, as
entering the authenticator code would. Needs an app context on the app's database."""

from __future__ import annotations

from sqlalchemy import select, update

from foundry.extensions import db
from foundry.models import User, UserSession
from foundry.models.base import utcnow
from foundry.models.signin import TwoFactor


def pass_second_factor(email: str) -> None:
    """Give the user a confirmed authenticator and mark their open sessions as past it."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        return
    now = utcnow()
    if db.session.scalar(select(TwoFactor.id).where(TwoFactor.user_id == user.id)) is None:
        db.session.add(TwoFactor(user_id=user.id, secret_encrypted="test-only",
                                 confirmed_at=now))
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.second_factor_at.is_(None))
                       .values(second_factor_at=now))
    db.session.commit()
