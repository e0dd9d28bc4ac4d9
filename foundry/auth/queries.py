"""Reads for the auth pages: select choices and the invitation list."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from foundry.extensions import db
from foundry.formatting import local_name
from foundry.models import Company, Faculty, Invitation, University


def _universities() -> list[University]:
    return list(db.session.scalars(
        select(University).options(selectinload(University.domains),
                                   selectinload(University.faculties)
                                   .selectinload(Faculty.programmes))
        .order_by(University.name)))


def faculty_choices() -> list[SelectChoice]:
    """Every faculty, grouped by university; `data-domains` lets static JS narrow the list."""
    return [SelectChoice(str(faculty.id), local_name(faculty), optgroup=local_name(university),
                         render_kw={"data-university": str(university.id),
                                    "data-domains": " ".join(d.domain for d in university.domains)})
            for university in _universities() for faculty in university.faculties]


def programme_choices() -> list[SelectChoice]:
    """Every programme, grouped by faculty (and university); optional, hence the blank first."""
    choices = [SelectChoice("", "—")]
    for university in _universities():
        for faculty in university.faculties:
            choices += [SelectChoice(str(programme.id), local_name(programme),
                                     optgroup=f"{university.code} · {local_name(faculty)}",
                                     render_kw={"data-faculty": str(faculty.id)})
                        for programme in faculty.programmes]
    return choices


def company_choices() -> list[SelectChoice]:
    """Companies for an invitation (blank first)."""
    rows = db.session.execute(select(Company.id, Company.name).order_by(Company.name))
    return [SelectChoice("", "—")] + [SelectChoice(str(i), name) for i, name in rows]


def university_choices() -> list[SelectChoice]:
    """Universities for a dean's invitation (blank first)."""
    rows = db.session.execute(select(University.id, University.code, University.name)
                              .order_by(University.name))
    return [SelectChoice("", "—")] + [SelectChoice(str(i), f"{name} ({code})")
                                      for i, code, name in rows]


def optional_faculty_choices() -> list[SelectChoice]:
    """Faculties grouped by university, with a blank 'whole university' first."""
    return [SelectChoice("", "—"), *faculty_choices()]


def invitations_page(page: int):
    """Invitations, newest first, with what the list shows loaded up front."""
    stmt = (select(Invitation).order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    return db.paginate(stmt, page=page, per_page=25, error_out=False)


def invitation_targets(invitations) -> dict[str, dict[int, str]]:
    """Names of the companies, universities and faculties the listed invitations point at."""
    def names(model, column, ids):
        ids = {i for i in ids if i}
        if not ids:
            return {}
        return dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).all())

    return {
        "companies": names(Company, Company.name, (i.company_id for i in invitations)),
        "universities": names(University, University.code, (i.university_id for i in invitations)),
        "faculties": names(Faculty, Faculty.name, (i.faculty_id for i in invitations)),
    }

