"""Company participation in an event: invitations and requests, approval, representatives
and the positions a company links to the event (the event's own Talent Pool)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.notify import notify
from foundry.events.messages import in_locale_of
from foundry.extensions import db
from foundry.models import (
    Company,
    CompanyMember,
    Event,
    EventCompany,
    EventRepresentative,
    EventSession,
    Position,
    User,
)
from foundry.models.base import utcnow


def participation_of(event_id: int, company_id: int) -> EventCompany | None:
    """The company's participation record (any status)."""
    return db.session.scalar(select(EventCompany).where(
        EventCompany.event_id == event_id, EventCompany.company_id == company_id))


def _tell_members(company_id: int, event: Event, text) -> None:
    """Notify every member of the company, each in their own language."""
    members = db.session.scalars(select(User).join(CompanyMember, CompanyMember.user_id == User.id)
                                 .where(CompanyMember.company_id == company_id))
    for user in members:
        with in_locale_of(user):
            notify(user=user, message=text(), email=True,
                   link=url_for("events.participation", event_id=event.id,
                                company_id=company_id))


def invite_company(*, event: Event, company: Company) -> EventCompany:
    """An admin invites a verified company; it accepts or declines on its event page."""
    if not company.is_verified:
        raise DomainError(_("Only verified companies can take part in events."), field="company")
    link = participation_of(event.id, company.id)
    if link is not None and link.status in ("approved", "invited"):
        raise DomainError(_("%(name)s is already invited or taking part.", name=company.name),
                          field="company")
    if link is None:
        link = EventCompany(event_id=event.id, company_id=company.id)
        db.session.add(link)
    link.status, link.updated_at = "invited", utcnow()
    db.session.flush()
    record_audit("events.company_invite", target=link, details={"event_id": event.id})
    _tell_members(company.id, event, lambda: _("%(company)s is invited to take part in "
                                                "%(event)s.", company=company.name,
                                                event=event.name))
    return link


def request_participation(*, event: Event, company: Company) -> EventCompany:
    """A company asks to take part; an admin approves or declines."""
    if not company.is_verified:
        raise DomainError(_("Only verified companies can take part in events."))
    if event.ends_at <= utcnow():
        raise DomainError(_("This event is over."))
    link = participation_of(event.id, company.id)
    if link is not None and link.status in ("approved", "requested"):
        return link
    if link is not None and link.status == "invited":
        return respond_to_invitation(event=event, link=link, accept=True)
    if link is None:
        link = EventCompany(event_id=event.id, company_id=company.id)
        db.session.add(link)
    link.status, link.updated_at = "requested", utcnow()
    db.session.flush()
    record_audit("events.company_request", target=link, details={"event_id": event.id})
    return link


def respond_to_invitation(*, event: Event, link: EventCompany, accept: bool) -> EventCompany:
    """The company accepts (approved at once: the admin invited it) or declines."""
    if link.status != "invited":
        raise DomainError(_("There is no open invitation to answer."))
    link.status, link.updated_at = ("approved" if accept else "declined"), utcnow()
    db.session.flush()
    record_audit("events.company_answer", target=link, details={"accept": accept})
    return link


def decide_participation(*, event: Event, link: EventCompany, approve: bool) -> EventCompany:
    """An admin approves or declines a company's participation. Declining a company that
    already runs booked sessions is refused."""
    if not approve and db.session.scalar(select(EventSession.id).where(
            EventSession.event_id == event.id,
            EventSession.company_id == link.company_id).limit(1)) is not None:
        raise DomainError(_("%(name)s runs sessions at this event: delete them first.",
                            name=link.company.name))
    link.status, link.updated_at = ("approved" if approve else "declined"), utcnow()
    db.session.flush()
    record_audit("events.company_decide", target=link, details={"approve": approve})
    name = link.company.name
    _tell_members(link.company_id, event,
                  (lambda: _("%(company)s takes part in %(event)s: open sessions and 1:1 "
                             "slots now.", company=name, event=event.name)) if approve else
                  (lambda: _("%(company)s's participation in %(event)s was declined.",
                             company=name, event=event.name)))
    return link


def _approved(link: EventCompany | None) -> EventCompany:
    if link is None or link.status != "approved":
        raise DomainError(_("The company's participation in this event is not approved yet."))
    return link


def set_representatives(*, link: EventCompany | None, user_ids: list[int]) -> None:
    """The company's representatives at the event: exactly these of its members."""
    link = _approved(link)
    wanted = set(user_ids)
    members = set(db.session.scalars(select(CompanyMember.user_id).where(
        CompanyMember.company_id == link.company_id)))
    if not wanted <= members:
        raise DomainError(_("Choose members of the company."), field="representatives")
    for rep in list(link.representatives):
        if rep.user_id not in wanted:
            link.representatives.remove(rep)
    have = {rep.user_id for rep in link.representatives}
    for user_id in sorted(wanted - have):
        link.representatives.append(EventRepresentative(user_id=user_id))
    db.session.flush()
    record_audit("events.representatives", target=link, details={"users": sorted(wanted)})


def link_positions(*, event: Event, link: EventCompany | None, position_ids: list[int]) -> None:
    """The company's positions at the event: exactly these of its own positions."""
    link = _approved(link)
    wanted = set(position_ids)
    positions = list(db.session.scalars(select(Position).where(
        Position.id.in_(wanted), Position.company_id == link.company_id))) if wanted else []
    if len(positions) != len(wanted):
        raise DomainError(_("Choose positions of your company."), field="positions")
    for position in db.session.scalars(select(Position).where(
            Position.event_id == event.id, Position.company_id == link.company_id)):
        if position.id not in wanted:
            position.event_id = None
    for position in positions:
        position.event_id = event.id
    db.session.flush()
    record_audit("events.positions", target=link, details={"positions": sorted(wanted)})
