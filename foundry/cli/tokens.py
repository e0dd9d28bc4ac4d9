"""`flask tokens …`: personal API tokens from the command line (e.g. for scripts and curl)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from foundry.account.tokens import create_api_token
from foundry.auth.services import find_user_by_email
from foundry.common.errors import DomainError
from foundry.extensions import db

group = AppGroup("tokens", help="Create personal API tokens.")


@group.command("create")
@click.argument("email")
@click.option("--name", default="command line", show_default=True, help="A label for the token.")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
@click.option("--days", type=int, default=30, show_default=True, help="Lifetime in days.")
def create(email: str, name: str, scope: str, days: int) -> None:
    """Create a token for the user with this e-mail and print it (shown only this once)."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        raise click.ClickException(f"No active user with e-mail {email}.")
    try:
        _token, plaintext = create_api_token(user=user, name=name, scope=scope, days=days)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(plaintext)
