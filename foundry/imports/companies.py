"""Companies from an HKSTP tenant list: upsert on the company name (any letter case).

New companies start as "pending": vetting stays a decision an admin takes on the companies
page. An empty website cell leaves a known website as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from foundry.extensions import db
from foundry.imports import fields
from foundry.imports.csvfile import Record
from foundry.imports.report import ImportContext, ImportReport
from foundry.models import Company
from foundry.models.choices import CLUSTERS, SITES, SIZE_BANDS

REQUIRED = ("name", "cluster", "site", "size_band")
OPTIONAL = ("website",)
HEADERS = (*REQUIRED, *OPTIONAL)
EXAMPLE = ("Acme Robotics Limited", "ai_robotics", "science_park", "11-50",
           "https://acme-robotics.example")


@dataclass
class Plan:
    """What applying the file will write."""

    creates: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)


def validate(records: list[Record], ctx: ImportContext, report: ImportReport) -> Plan:
    """Check every row; one query loads the whole directory."""
    existing = {r.name.lower(): r for r in db.session.execute(
        select(Company.id, Company.name, Company.cluster, Company.site, Company.size_band,
               Company.website))}
    plan = Plan()
    seen: dict[str, int] = {}
    for record in records:
        row = _clean(record, report)
        if row is None:
            continue
        key = row["name"].lower()
        if key in seen:
            report.error(record.line, "name", _("company repeated (first on line %(line)s)",
                                                line=seen[key]))
            continue
        seen[key] = record.line
        current = existing.get(key)
        if current is None:
            report.created += 1
            plan.creates.append(row)
            continue
        wanted = {"cluster": row["cluster"], "site": row["site"], "size_band": row["size_band"],
                  "website": row["website"] or current.website}
        if (current.cluster, current.site, current.size_band, current.website) == tuple(
                wanted.values()):
            report.unchanged += 1
        else:
            report.updated += 1
            plan.updates.append({"id": current.id, **wanted})
    return plan


def _clean(record: Record, report: ImportReport) -> dict | None:
    """The row's values parsed, or None after recording each bad cell."""
    v = record.values
    checks = {
        "name": lambda: fields.text(v["name"], max_length=160, required=True),
        "cluster": lambda: fields.choice(v["cluster"], CLUSTERS),
        "site": lambda: fields.choice(v["site"], SITES),
        "size_band": lambda: fields.choice(v["size_band"], SIZE_BANDS),
        "website": lambda: fields.website(v.get("website", "")),
    }
    row: dict = {}
    for column, check in checks.items():
        try:
            row[column] = check()
        except ValueError as error:
            report.error(record.line, column, str(error))
    return row if len(row) == len(checks) else None


def apply(plan: Plan, ctx: ImportContext) -> None:
    """Write the plan with bulk statements."""
    if plan.updates:
        db.session.execute(update(Company), plan.updates)
    if plan.creates:
        db.session.execute(insert(Company), [
            {**row, "vetting_status": "pending", "is_park_tenant": True, "is_startup": False}
            for row in plan.creates])
