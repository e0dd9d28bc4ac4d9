"""Helpers for second-factor tests: enrol a user, read codes like an authenticator app."""

from __future__ import annotations

import time

import pyotp
from sqlalchemy import select

from foundry.extensions import db
from foundry.models import TwoFactor
from foundry.twofactor.services import confirm_enrolment, new_secret
from tests.factories import PASSWORD


def enrol(app, user) -> tuple[str, list[str]]:
    """Turn TOTP on for a user as the setup page does; returns the secret and recovery codes.
    The enrolment code is forgotten, so the current code works for the next sign-in."""
    secret = new_secret()
    with app.test_request_context():
        codes = confirm_enrolment(user=user, secret=secret, code=pyotp.TOTP(secret).now())
        db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id)).last_step = None
        db.session.commit()
    return secret, codes


def code(secret: str, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or one 30-second step later, as a drifting phone would)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def password_sign_in(client, user, **extra):
    """Post the sign-in form with the factories' password."""
    return client.post("/login", data={"email": user.email, "password": PASSWORD, **extra})
