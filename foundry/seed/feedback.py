"""Skills feedback on completed internships: expected vs observed per skill, return offers."""

from __future__ import annotations

from datetime import timedelta

from foundry.seed.world import World

# Extra gap (expected − observed) for some skills: what employers most often find lacking.
SKILL_GAP = {"Communication": 0.35, "Leadership": 0.45, "Critical Thinking": 0.2,
             "Career & Self-Development": 0.15, "PCB design": 0.5, "GMP lab practice": 0.45,
             "FPGA / Verilog": 0.4, "Clinical data management": 0.3, "Risk modelling": 0.3,
             "MLOps and model deployment": 0.45, "Python": -0.25, "Technology": -0.3,
             "Teamwork": -0.1, "Data engineering (SQL)": 0.1}
# Extra gap by faculty kind for competencies ("c") and technical skills ("t").
KIND_GAP = {"eng": {"c": 0.15, "t": -0.1}, "comp": {"c": 0.2, "t": -0.15},
            "sci": {"c": 0.0, "t": 0.05}, "med": {"c": -0.1, "t": 0.05},
            "bus": {"c": -0.25, "t": 0.35}}
EXPECTED = {2: 2, 3: 6, 4: 3}  # expected level of a competency
COMMENTS = {
    "high": ("Outstanding intern; we would hire again.",
             "Delivered beyond the brief and mentored the next intern."),
    "mid": ("Solid contributor; grew a lot over the summer.",
            "Reliable and curious; should speak up more in meetings."),
    "low": ("Needed close guidance throughout.",
            "Technical basics were there, but deadlines slipped."),
}
RATING_COMMENTS = ("Clear progress over the placement.", "Needs more practice on real data.",
                   "Explained trade-offs well to the team.", None)


def generate_feedback(world: World) -> None:
    """Feedback forms for most completed internships at directory companies."""
    rng = world.rng
    for row, student, company, position in world.completed:
        if not company.members or rng.random() >= world.plan.feedback_rate:
            continue  # no one to rate, or overdue
        add_feedback(world, row, student, company, position)


def add_feedback(world: World, row: dict, student, company, position) -> dict | None:
    """Queue one feedback form with ratings for the competencies and the role's skills;
    returns its row (None when none was given yet)."""
    rng, writer, today = world.rng, world.writer, world.today
    submitted = row["end_date"] + timedelta(days=rng.randint(2, 28))
    if submitted >= today or not company.members:
        return None
    submitted_at = world.at(submitted)
    if row["completed_at"] is not None:  # the form follows the completion
        submitted_at = max(submitted_at, row["completed_at"] + timedelta(hours=2))
        if submitted_at >= world.cutoff:
            return None
    competency_ids = world.competency_set
    feedback_id = writer.new_id("skill_feedbacks")
    technical = ([(s, lv) for s, lv in position.skills if s not in competency_ids]
                 if position else [(s, rng.choice((2, 3, 3)))
                                   for s in rng.sample(world.technical[company.cluster], 2)])
    items = [(s, world.pick(EXPECTED), "c") for s in world.competencies]
    items += [(s, lv, "t") for s, lv in technical]
    ratings = []
    for skill_id, expected, group in items:
        gap = 0.3 + SKILL_GAP.get(world.skill_names[skill_id], 0.0)
        gap += KIND_GAP[student.kind][group]
        observed = round(expected - gap + 0.7 * student.quality + rng.gauss(0, 0.7))
        ratings.append((skill_id, expected, max(1, min(5, observed))))
    mean = sum(r[2] for r in ratings) / len(ratings)
    band = "high" if mean >= 3.6 else "mid" if mean >= 2.6 else "low"
    feedback = writer.add("skill_feedbacks", {
        "id": feedback_id, "internship_id": row["id"], "rater_id": rng.choice(company.members),
        "submitted_at": submitted_at, "updated_at": None,
        "overall_comment": rng.choice(COMMENTS[band]),
        "return_offer": bool(row["return_offer"])})
    for skill_id, expected, observed in ratings:
        writer.add("skill_ratings", {
            "id": writer.new_id("skill_ratings"), "feedback_id": feedback_id,
            "skill_id": skill_id, "expected": expected, "observed": observed,
            "comment": rng.choice(RATING_COMMENTS) if rng.random() < 0.12 else None})
    return feedback
