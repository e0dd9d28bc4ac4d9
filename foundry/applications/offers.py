"""An offer's terms (pay, start date, reply-by date) and the lapse of unanswered offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from foundry.applications import services
from foundry.common.audit import record_audit
from foundry.common.clock import local_date
from foundry.common.errors import DomainError
from foundry.common.notify import notify
from foundry.extensions import db
from foundry.formatting import day
from foundry.models import Application, Position, User
from foundry.models.base import utcnow
from foundry.models.choices import OFFER_PAY_KINDS, OFFER_PAY_PERIODS, label


@dataclass(frozen=True)
class OfferTerms:
    """What an offer promises: pay in HKD (salary or stipend, per month / year / in total),
    the start date and the last day the student may accept (a Hong Kong date)."""

    pay_kind: str
    amount: int
    pay_period: str
    start_date: date
    reply_by: date


def today() -> date:
    """Today in Hong Kong (reply-by and start dates are Hong Kong dates)."""
    return local_date(utcnow())


def term_errors(terms: OfferTerms, *, on: date) -> dict[str, str]:
    """Every problem with the terms at once, by field (the form shows each by its field)."""
    errors: dict[str, str] = {}
    if terms.amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if terms.reply_by < on:
        errors["reply_by"] = _("The reply-by date cannot be in the past.")
    if terms.start_date <= on:
        errors["start_date"] = _("The start date must be after today.")
    elif terms.reply_by > terms.start_date:
        errors["reply_by"] = _("The reply-by date must be on or before the start date.")
    return errors


def make_offer(*, application: Application, actor: User, terms: OfferTerms) -> bool:
    """Record the offer's terms and move the application to offered (told to the student with
    the terms, audited). Returns False when it was already offered."""
    errors = term_errors(terms, on=today())
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field)
    if application.status == "offered":
        return False
    if "offered" not in services.allowed_moves(actor_role="company", status=application.status):
        raise DomainError(_("An application that is %(old)s cannot be moved to %(new)s.",
                            old=services.status_label(application.status),
                            new=services.status_label("offered")))
    application.offer_pay_kind = terms.pay_kind
    application.offer_amount = terms.amount
    application.offer_pay_period = terms.pay_period
    application.offer_start_date = terms.start_date
    application.offer_reply_by = terms.reply_by
    return services.move_application(application=application, to="offered", actor=actor)


def describe_terms(application: Application) -> str:
    """The terms in one sentence, in the current language ('' when none were recorded)."""
    if application.offer_reply_by is None:
        return ""
    return _("%(kind)s HKD %(amount)s %(period)s, starting %(start)s; reply by %(reply_by)s.",
             kind=label(OFFER_PAY_KINDS, application.offer_pay_kind),
             amount=f"{application.offer_amount or 0:,}",
             period=label(OFFER_PAY_PERIODS, application.offer_pay_period),
             start=day(application.offer_start_date), reply_by=day(application.offer_reply_by))


def ensure_offer_open(application: Application, *, on: date | None = None) -> None:
    """Accepting is refused once the reply-by date has passed (the offer has lapsed)."""
    reply_by = application.offer_reply_by
    if reply_by is not None and reply_by < (on or today()):
        raise DomainError(_("This offer lapsed: it had to be accepted by %(d)s. Ask %(company)s "
                            "whether it still stands.", d=day(reply_by),
                            company=application.position.company.name))


def lapse_expired_offers(*, now: datetime) -> dict[str, int]:
    """Scheduled: offers not answered by their reply-by date (Hong Kong) are declined as
    lapsed (the system's move in services.TRANSITIONS), audited, and both sides told."""
    on = local_date(now)
    expired = db.session.scalars(
        select(Application).where(Application.status == "offered",
                                  Application.offer_reply_by.is_not(None),
                                  Application.offer_reply_by < on)
        .options(selectinload(Application.position).selectinload(Position.company))
        .order_by(Application.id)).all()
    for application in expired:
        to = "declined"
        assert to in services.allowed_moves(actor_role="system", status=application.status)
        application.status = to
        application.declined_at = now
        application.offer_lapsed_at = now
        application.updated_at = now
        record_audit("application.offer_lapsed", target=application,
                     details={"from": "offered", "to": to,
                              "position_id": application.position_id,
                              "reply_by": application.offer_reply_by.isoformat()})
        if application.programme_application_id is not None:
            from foundry.programmes.stages import follow_pipeline  # stages imports services

            follow_pipeline(application)
        _notify_lapse(application)
    db.session.flush()
    return {"lapsed": len(expired)}


def _notify_lapse(application: Application) -> None:
    """Tell the student and the company, each in their own language."""
    position = application.position

    def to_student() -> str:
        return _("The offer of %(company)s for %(title)s lapsed: it was not accepted by "
                 "%(d)s.", company=position.company.name, title=position.title,
                 d=day(application.offer_reply_by))

    def to_company() -> str:
        return _("Your offer to %(name)s for %(title)s lapsed: it was not accepted by %(d)s.",
                 name=services.student_name(application), title=position.title,
                 d=day(application.offer_reply_by))

    if application.student.user is not None:
        notify(user=application.student.user, message=to_student,
               link=services.link("applications.mine"), email=True)
    services.notify_company(application, to_company)
