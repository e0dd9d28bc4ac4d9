"""Graduate first destinations with a Hong Kong mix of categories, sources, places and pay."""

from __future__ import annotations

import math
from datetime import timedelta

from foundry.models.choices import EMPLOYED_CATEGORIES
from foundry.seed import names
from foundry.seed.plan import KNOWN_OUTCOMES, LOCATIONS, MONTHLY_SALARY, OUTCOME_SOURCES
from foundry.seed.world import StudentRec, World

PAID = {"employed_full_time": 1.0, "employed_part_time": 0.45, "contract": 0.8,
        "postgrad_internship": 0.6}


def generate_outcomes(world: World) -> None:
    """One current outcome for most graduates (some only 'no information'), a little history."""
    rng, plan, today = world.rng, world.plan, world.today
    verified = [c for c in world.companies if c.status == "verified"]
    by_cluster: dict[str, list] = {}
    for company in verified:
        by_cluster.setdefault(company.cluster, []).append(company)
    for student in world.students:
        if student.cohort not in plan.graduated_cohorts or student.graduation > today:
            continue
        if rng.random() < plan.unknown_outcome_rate:
            if rng.random() < plan.explicit_no_information:
                day = min(today, student.graduation + timedelta(days=183))
                add_outcome(world, student, category="no_information", source="registrar",
                            outcome_day=day)
            continue
        category = _category(world, student)
        outcome_day = student.graduation + timedelta(days=int(rng.triangular(5, 200, 60)))
        if rng.random() < 0.08:
            outcome_day += timedelta(days=rng.randint(120, 300))  # a late update keeps its date
        outcome_day = min(outcome_day, today - timedelta(days=1))
        if category in EMPLOYED_CATEGORIES and rng.random() < 0.07:
            early = student.graduation + timedelta(days=rng.randint(10, 60))
            if early < outcome_day:  # first "still seeking", then the job
                add_outcome(world, student, category="seeking", source="survey",
                            outcome_day=early, current=False)
        add_outcome(world, student, category=category, source=world.pick(OUTCOME_SOURCES),
                    outcome_day=outcome_day, by_cluster=by_cluster)


def _category(world: World, student: StudentRec) -> str:
    """A known outcome, nudged by faculty and internship experience."""
    weights = dict(KNOWN_OUTCOMES)
    if student.kind == "sci":
        weights["further_study"] *= 1.6
    if student.kind == "med":
        weights["employed_full_time"] *= 1.15
    if student.interned_at:
        weights["employed_full_time"] *= 1.25
        weights["seeking"] *= 0.6
    if student.hired_by or student.return_offers:
        weights["employed_full_time"] *= 2.5
    return world.pick_once(weights)


def add_outcome(world: World, student: StudentRec, *, category: str, source: str, outcome_day,
                current: bool = True, by_cluster: dict | None = None,
                company_id: int | None = None, salary: int | None = None,
                location: str | None = None) -> int:
    """Queue one outcome record; employer, title, place and pay fit the category."""
    rng, writer = world.rng, world.writer
    employer_name = job_title = sector = location = None
    annual = start = None
    employer_id = company_id
    if category in EMPLOYED_CATEGORIES:
        if employer_id is None:
            employer_id = _park_employer(world, student, by_cluster or {})
        if employer_id is not None:
            company = world.company(employer_id)
            sector = f"Science Park — {company.cluster.replace('_', ' ')}"
        else:
            employer_name, sector = rng.choice(names.EMPLOYERS[student.kind])
        if category == "self_employed":
            employer_id, employer_name, sector = None, "Own start-up", "Start-up"
        job_title = {"self_employed": "Co-founder",
                     "postgrad_internship": rng.choice(("Graduate Intern", "Research Fellow",
                                                        "Innovation Fellow"))}.get(
            category) or rng.choice(names.GRAD_TITLES[student.kind])
        location = location or world.pick(LOCATIONS)
        if category in PAID and rng.random() < 0.88:
            median = MONTHLY_SALARY[student.kind] * PAID[category]
            monthly = median * math.exp(rng.gauss(0, 0.2))
            if location in ("gba", "mainland"):
                monthly *= 0.8
            annual = salary or int(round(monthly / 500) * 500 * 12)
        start = min(outcome_day, student.graduation + timedelta(days=rng.randint(14, 120)))
    elif category == "further_study":
        employer_name, location = rng.choice(names.STUDY_PLACES)
        job_title = names.STUDY_PROGRAMMES[student.kind]
        sector = "Further study"
        grad = student.graduation
        start = grad.replace(year=grad.year + (1 if grad.month >= 9 else 0), month=9, day=1)
    outcome_id = writer.new_id("graduate_outcomes")
    writer.add("graduate_outcomes", {
        "id": outcome_id, "student_id": student.id, "category": category,
        "employer_company_id": employer_id, "employer_name": employer_name,
        "job_title": job_title, "sector": sector, "location": location,
        "annual_salary": annual, "start_date": start, "outcome_date": outcome_day,
        "source": source, "recorded_by_id": student.user_id if source == "survey" else None,
        "recorded_at": world.at(outcome_day), "is_current": current})
    return outcome_id


def _park_employer(world: World, student: StudentRec, by_cluster: dict) -> int | None:
    """A Science Park employer for about a third of the employed (return offers first)."""
    rng = world.rng
    if student.hired_by:
        return student.hired_by
    if student.return_offers and rng.random() < 0.7:
        return student.return_offers[-1]
    if student.interned_at and rng.random() < 0.15:
        return student.interned_at[-1]
    if rng.random() < 0.12:
        pool = by_cluster.get(rng.choice(student.clusters))
        if pool:
            return rng.choice(pool).id
    return None
