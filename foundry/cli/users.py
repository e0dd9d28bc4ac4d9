"""`flask users …`: create admins and invite members. Same services as the web pages."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from foundry.auth import invitations, services, tokens
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import Company, Faculty, University

group = AppGroup("users", help="Create admins and invite company members, deans and admins.")


def _request_context():
    """Services speak the user's language and build links, which both need a request; a
    terminal has none, so give them one at the public base URL."""
    return current_app.test_request_context(base_url=tokens.base_url())


def _fail(error: DomainError) -> None:
    db.session.rollback()
    where = f" ({error.field})" if error.field else ""
    raise click.ClickException(f"{error}{where}")


@group.command("create-admin")
@click.argument("email")
@click.option("--name", "full_name", required=True, help="The admin's full name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given (give it only in scripts).")
def create_admin(email: str, full_name: str, password: str) -> None:
    """Create a programme admin who can sign in at once."""
    with _request_context():
        try:
            user = services.create_admin(email=email, full_name=full_name, password=password)
        except DomainError as error:
            _fail(error)
        db.session.commit()
        click.echo(f"Admin {user.email} created.")


def _lookup(model, column, value: str | None, what: str, **where):
    """A row by a case-insensitive name or code, or a clear error."""
    if not value:
        return None
    stmt = select(model).where(func.lower(column) == value.strip().lower())
    for name, wanted in where.items():
        stmt = stmt.where(getattr(model, name) == wanted)
    row = db.session.scalar(stmt)
    if row is None:
        raise click.ClickException(f"No {what} called {value!r}.")
    return row


@group.command("invite")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(invitations.INVITED_ROLES))
@click.option("--company", help="Company name (role company).")
@click.option("--university", help="University code, e.g. CUHK (role dean).")
@click.option("--faculty", help="Faculty name within that university (role dean, optional).")
def invite(email: str, role: str, company: str | None, university: str | None,
           faculty: str | None) -> None:
    """Invite a company member, dean or admin; mails the link and prints it."""
    with _request_context():
        company_row = _lookup(Company, Company.name, company, "company")
        university_row = _lookup(University, University.code, university, "university")
        faculty_row = None
        if faculty:
            if university_row is None:
                raise click.ClickException("--faculty needs --university.")
            faculty_row = _lookup(Faculty, Faculty.name, faculty, "faculty",
                                  university_id=university_row.id)
        try:
            invitation, link = invitations.create_invitation(
                email=email, role=role, invited_by=None, company=company_row,
                university=university_row, faculty=faculty_row)
        except DomainError as error:
            _fail(error)
        db.session.commit()
        click.echo(f"Invitation for {invitation.email} ({role}) expires "
                   f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC. Acceptance link:")
        click.echo(link)


@group.command("reset-two-factor")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Remove an account's second factor (e.g. the only admin lost their phone): they set it up
    again at their next sign-in; their sessions end; audited."""
    from foundry.twofactor.services import reset_second_factor

    with _request_context():
        user = services.find_user_by_email(email)
        if user is None:
            raise click.ClickException(f"No account uses {email}.")
        ended = reset_second_factor(user=user, by=None)
        db.session.commit()
        click.echo(f"Two-factor sign-in of {user.email} reset; {ended} session(s) ended.")
