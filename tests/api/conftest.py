"""API fixtures: a bearer token for a user of any role."""

from __future__ import annotations

import pytest

from foundry.account.tokens import create_api_token
from tests import factories


@pytest.fixture()
def bearer(db):
    """`bearer(role_or_user, scope="read")` → (user, {"Authorization": "Bearer …"})."""

    def _make(role_or_user, scope: str = "read", **kwargs):
        user = role_or_user
        if isinstance(role_or_user, str):
            user = factories.user_with_role(role_or_user, **kwargs)
        _token, plaintext = create_api_token(user=user, name="test", scope=scope, days=30)
        db.session.commit()
        return user, {"Authorization": f"Bearer {plaintext}"}

    return _make
