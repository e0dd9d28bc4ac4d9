"""Rows → JSON-ready dicts for the API (the shapes the OpenAPI document describes)."""

from __future__ import annotations

from datetime import date, datetime

from foundry.models import (
    Application,
    Company,
    Faculty,
    Internship,
    Position,
    University,
)


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601 text of a date or time (times are UTC)."""
    if value is None:
        return None
    return value.isoformat() + ("Z" if isinstance(value, datetime) else "")


def university(u: University) -> dict:
    """A university with its student e-mail domains."""
    return {"code": u.code, "name": u.name, "name_zh": u.name_zh,
            "domains": [d.domain for d in u.domains]}


def faculty(f: Faculty) -> dict:
    """A faculty with its programmes."""
    return {"id": f.id, "name": f.name,
            "programmes": [{"id": p.id, "name": p.name, "degree_level": p.degree_level}
                           for p in f.programmes]}


def company(c: Company) -> dict:
    """A verified company of the directory."""
    return {"id": c.id, "name": c.name, "cluster": c.cluster, "site": c.site,
            "size_band": c.size_band, "is_startup": c.is_startup, "website": c.website}


def position(p: Position) -> dict:
    """An open position of the Talent Pool."""
    return {"id": p.id, "title": p.title, "description": p.description,
            "company": {"id": p.company.id, "name": p.company.name},
            "kind": p.kind, "cluster": p.cluster, "site": p.site, "mode": p.mode,
            "paid": p.paid, "pay_min": p.pay_min, "pay_max": p.pay_max,
            "pay_period": p.pay_period, "openings": p.openings, "deadline": iso(p.deadline),
            "start_date": iso(p.start_date), "end_date": iso(p.end_date),
            # programme_tag kept for existing clients: the programme's name (issue 8).
            "programme_tag": p.programme.name if p.programme else None,
            "programme_id": p.programme_id, "audience": p.audience,
            "skills": [{"skill": s.skill.name, "required_level": s.required_level}
                       for s in p.skills]}


def application(a: Application) -> dict:
    """One of the caller's applications."""
    return {"id": a.id, "status": a.status,
            "position": {"id": a.position.id, "title": a.position.title,
                         "company": a.position.company.name},
            "submitted_at": iso(a.submitted_at), "updated_at": iso(a.updated_at),
            "offer": offer(a)}


def offer(a: Application) -> dict | None:
    """The offer's terms as recorded (None before any offer; terms are null on offers made
    before terms were recorded)."""
    if a.offered_at is None:
        return None
    return {"offered_at": iso(a.offered_at), "pay_kind": a.offer_pay_kind,
            "amount": a.offer_amount, "currency": "HKD" if a.offer_amount is not None else None,
            "pay_period": a.offer_pay_period, "start_date": iso(a.offer_start_date),
            "reply_by": iso(a.offer_reply_by), "lapsed_at": iso(a.offer_lapsed_at)}


def internship(i: Internship) -> dict:
    """One of the caller's internships."""
    return {"id": i.id, "title": i.title, "employer": i.employer_name,
            "company_id": i.company_id, "start_date": iso(i.start_date),
            "end_date": iso(i.end_date), "hours_per_week": i.hours_per_week, "paid": i.paid,
            "stipend_monthly": i.stipend_monthly, "mode": i.mode, "site": i.site,
            "status": i.status, "source": i.source}
