"""The Global Internship Programme as a selection cycle, generated.

`flask seed scale`: a finished GIP year of ~3,000 applications (about a third from Mainland
China, most of the rest from 30+ other countries, a few from the partner universities), with
reviews and the stage mix of a finished cycle (30+ placements, each an accepted offer with its
internship). `flask seed demo`: a small GIP whose window is open now.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from foundry.extensions import db
from foundry.models import StudentSkill, TalentProgramme
from foundry.seed.careers import add_internship
from foundry.seed.gip_people import STATEMENTS, external_person
from foundry.seed.positions import add_position
from foundry.seed.programmes import GIP_RUBRIC
from foundry.seed.world import PositionRec, StudentRec, World

GIP_CLUSTERS = ("healthtech", "ai_robotics", "fintech", "advanced_manufacturing")
PATHS = {
    "accepted": ("submitted", "screened", "forwarded", "interviewing", "offered", "accepted"),
    "declined": ("submitted", "screened", "forwarded", "interviewing", "offered", "declined"),
    "interview_rejected": ("submitted", "screened", "forwarded", "interviewing", "rejected"),
    "forward_rejected": ("submitted", "screened", "forwarded", "rejected"),
    "screen_rejected": ("submitted", "screened", "rejected"),
    "rejected": ("submitted", "rejected"),
    "submitted": ("submitted",), "screened": ("submitted", "screened"),
    "forwarded": ("submitted", "screened", "forwarded"),
    "interviewing": ("submitted", "screened", "forwarded", "interviewing"),
    "offered": ("submitted", "screened", "forwarded", "interviewing", "offered"),
}
DEPTH = {name: len(path) for name, path in PATHS.items()}
REASONS = {"rejected": ("skills", "statement", "eligibility", "capacity"),
           "screen_rejected": ("capacity", "skills"), "forward_rejected": ("company",),
           "interview_rejected": ("company",)}
STEP_DAYS = {"screened": 12, "forwarded": 26, "interviewing": 40, "offered": 54,
             "accepted": 60, "declined": 60, "rejected": 8}


def _mix(total: int, finished: bool) -> list[str]:
    """Path names for `total` applications."""
    if finished:
        counts = {"accepted": max(32, round(total * 0.011)), "declined": max(3, total // 300),
                  "interview_rejected": round(total * 0.02),
                  "forward_rejected": round(total * 0.05),
                  "screen_rejected": round(total * 0.18)}
        counts["rejected"] = total - sum(counts.values())
    else:
        counts = {"offered": 1, "interviewing": 1, "forwarded": 2, "rejected": 2,
                  "screened": max(1, total // 5)}
        counts["submitted"] = max(0, total - sum(counts.values()))
    return [name for name, n in counts.items() for _ in range(n)]


def generate_gip(world: World, *, scale: bool, season: int) -> dict:
    """Queue a GIP year (programme, positions, applicants, applications, reviews, stages,
    forwarded applications and placements); returns what the demo accounts build on."""
    rng, today = world.rng, world.today
    total = world.plan.extra.get("gip_applications", 3000 if scale else 24)
    finished = scale
    opens = today - timedelta(days=200 if finished else 20)
    closes = opens + timedelta(days=30 if finished else 45)
    programme = TalentProgramme(
        name=f"Global Internship Programme {season}", kind="internship",
        description="Summer internships at Science Park companies in biotech, AI & data, "
                    "fintech and advanced manufacturing, for students worldwide.",
        themes=list(GIP_CLUSTERS), eligibility="both", opens_on=opens, closes_on=closes,
        target_places=30 if finished else 10, max_preferences=3, reviews_needed=2,
        rubric=list(GIP_RUBRIC))
    db.session.add(programme)
    db.session.flush()
    world.programmes[programme.name] = (programme.id, "open")
    positions = _positions(world, programme.name, n=40 if scale else 6, season=season,
                           opens=opens, closes=closes)
    reviewers = [world.add_user(email=world.unique_email(f"gip.reviewer{i + 1}",
                                                         "hkstp.example"),
                                full_name=f"GIP Reviewer {i + 1}", role="reviewer",
                                created=world.at(opens - timedelta(days=10)))
                 for i in range(6 if scale else 2)]
    for user_id in reviewers:
        world.writer.add("programme_reviewers", {
            "id": world.writer.new_id("programme_reviewers"), "programme_id": programme.id,
            "user_id": user_id, "added_at": world.at(opens - timedelta(days=5))})
    applicants = _applicants(world, total, opens)
    paths = _mix(total, finished)
    rng.shuffle(paths)
    # Stronger applicants travel further (scores follow the path, not the other way round).
    applicants.sort(key=lambda a: a[2])
    paths.sort(key=DEPTH.get)
    closing = datetime.combine(closes, datetime.min.time())
    for (student, levels, _quality), path in zip(applicants, paths, strict=False):
        add_programme_application(world, programme.id, student, levels, path, positions,
                                  reviewers, opens=opens, closing=closing, finished=finished)
    return {"programme_id": programme.id, "positions": positions, "reviewers": reviewers,
            "opens": opens, "closing": closing}


def _positions(world: World, name: str, *, n: int, season: int, opens: date,
               closes: date) -> list[PositionRec]:
    verified = [c for c in world.verified() if c.cluster in GIP_CLUSTERS]
    chosen = world.rng.sample(verified, min(len(verified), n))
    return [add_position(world, company, season=season, kind="internship", tag=name,
                         status="open" if world.today <= closes else "closed",
                         opens_on=opens) for company in chosen]


def _applicants(world: World, total: int, opens: date) -> list[tuple]:
    """(student record, skill levels, quality) for each applicant: ~1/3 Mainland, ~60 %
    overseas, the rest partner-university students."""
    rng, writer = world.rng, world.writer
    partner_n = max(1, round(total * 0.07))
    # Current students and recent graduates (the scale plan's newest cohort may have finished).
    current = [s for s in world.students if s.graduation >= world.today - timedelta(days=400)]
    partners = rng.sample(current, min(len(current), partner_n))
    writer.flush(upto="student_skills")
    ids = [s.id for s in partners]
    levels_of: dict[int, dict[int, int]] = {i: {} for i in ids}
    for chunk in range(0, len(ids), 500):
        for sid, skill, level in db.session.execute(
                select(StudentSkill.student_id, StudentSkill.skill_id, StudentSkill.level)
                .where(StudentSkill.student_id.in_(ids[chunk:chunk + 500]))):
            levels_of[sid][skill] = level
    people = [(s, levels_of[s.id], s.quality) for s in partners]
    mainland_n = round(total / 3)
    for i in range(total - len(people)):
        person = external_person(rng, "mainland" if i < mainland_n else "overseas")
        people.append(add_external_applicant(world, person, opens))
    return people


def add_external_applicant(world: World, person: dict, opens: date,
                           email: str | None = None) -> tuple:
    """Queue an external person (user, profile, external profile, consent, skills); returns
    (student record, skill levels, quality)."""
    rng, writer = world.rng, world.writer
    local = person["full_name"].lower().replace(" ", ".")
    created = world.at(opens + timedelta(days=rng.randint(0, 20)))
    user_id = world.add_user(email=email or world.unique_email(local, "talent-mail.example"),
                             full_name=person["full_name"], role="external", created=created,
                             last_login=created)
    student_id = writer.new_id("student_profiles")
    graduation = date(opens.year + rng.choice((0, 1, 1, 2)), rng.choice((6, 7, 12)), 30)
    writer.add("student_profiles", {
        "id": student_id, "user_id": user_id, "university_id": None, "faculty_id": None,
        "programme_id": None, "student_number": None, "expected_graduation": graduation,
        "actual_graduation": None, "cohort_year": None, "headline": None,
        "mentee_opt_in": False, "mentee_interests": None, "mentee_goals": None})
    writer.add("external_profiles", {
        "id": writer.new_id("external_profiles"), "student_id": student_id,
        "institution": person["institution"], "country": person["country"],
        "degree_level": person["degree_level"], "field_of_study": person["field_of_study"],
        "years_experience": None, "current_location": None, "needs_visa": person["needs_visa"],
        "updated_at": created})
    writer.add("consents", {"id": writer.new_id("consents"), "user_id": user_id,
                            "notice_version": world.external_notice_version,
                            "given_at": created})
    quality = max(-1.5, min(1.5, rng.gauss(0, 0.6)))
    cluster = rng.choice(GIP_CLUSTERS)
    skills = rng.sample(world.technical[cluster], min(4, len(world.technical[cluster])))
    skills += rng.sample(world.competencies, 2)
    levels = {}
    for skill_id in dict.fromkeys(skills):
        levels[skill_id] = max(1, min(5, round(2.8 + quality * 0.6 + rng.gauss(0, 0.8))))
        writer.add("student_skills", {"id": writer.new_id("student_skills"),
                                      "student_id": student_id, "skill_id": skill_id,
                                      "level": levels[skill_id]})
    rec = StudentRec(student_id, user_id, None, None, "ext", 0, graduation,  # type: ignore[arg-type]
                     (cluster,), quality)
    return rec, levels, quality


def _match(position: PositionRec, levels: dict[int, int]) -> int | None:
    """The Talent Pool's rule as a number (see foundry.positions.queries.match_score)."""
    if not position.skills:
        return None
    points = sum(1.0 if levels.get(s, 0) >= need else 0.5 if s in levels else 0.0
                 for s, need in position.skills)
    return round(100 * points / len(position.skills))


def add_programme_application(world: World, programme_id: int, student: StudentRec,
                              levels: dict, path_name: str, positions: list[PositionRec],
                              reviewers: list[int], *, opens: date, closing: datetime,
                              finished: bool, chosen: list[PositionRec] | None = None) -> None:
    """Queue one programme application along a path of stages, with preferences, reviews,
    the stage log and (from forwarding on) the companies' applications."""
    rng, writer = world.rng, world.writer
    path = PATHS[path_name]
    app_id = writer.new_id("programme_applications")
    submitted = world.at(opens + timedelta(days=rng.randint(1, 28 if finished else 18)))
    times = {"submitted": submitted}
    base = max(closing, submitted) if finished else submitted
    for stage in path[1:]:
        extra = STEP_DAYS[stage] if finished else STEP_DAYS[stage] / 6
        before = times[path[path.index(stage) - 1]]
        times[stage] = min(max(base + timedelta(days=extra + rng.uniform(0, 3)),
                               before + timedelta(hours=1)), world.cutoff)
    chosen = chosen or rng.sample(positions, min(len(positions), rng.choice((1, 2, 3, 3, 3))))
    scores = [_match(p, levels) for p in chosen]
    known = [s for s in scores if s is not None]
    stage = path[-1]
    reviews = _reviews(world, app_id, reviewers, path_name, times, finished)
    totals = [r["total"] for r in reviews if not r["conflict"]]
    writer.add("programme_applications", {
        "id": app_id, "programme_id": programme_id, "student_id": student.id,
        "statement": rng.choice(STATEMENTS), "cv_path": None, "cv_filename": None,
        "available_from": date(opens.year + 1, 6, 1), "available_to": date(opens.year + 1, 8, 31),
        "stage": stage, "rejection_reason": rng.choice(REASONS[path_name])
        if stage == "rejected" else None,
        "best_match": max(known) if known else None, "review_count": len(totals),
        "mean_score": round(sum(totals) / len(totals), 2) if totals else None,
        "score_spread": round(max(totals) - min(totals), 2) if totals else None,
        "submitted_at": submitted, "updated_at": times[stage],
        "stage_changed_at": times[stage]})
    previous = None
    for step in path:
        writer.add("programme_stage_changes", {
            "id": writer.new_id("programme_stage_changes"), "application_id": app_id,
            "from_stage": previous, "to_stage": step, "changed_at": times[step],
            "actor_id": None if step in ("submitted", "interviewing", "offered", "accepted",
                                         "declined") else rng.choice(reviewers),
            "details": None})
        previous = step
    for review in reviews:
        writer.add("programme_reviews", review)
    forwarded = _forward(world, app_id, student, chosen, path, times) \
        if "forwarded" in path else {}
    for rank, (position, score) in enumerate(zip(chosen, scores, strict=True), start=1):
        writer.add("programme_preferences", {
            "id": writer.new_id("programme_preferences"), "application_id": app_id,
            "rank": rank, "position_id": position.id, "match_score": score,
            "forwarded_application_id": forwarded.get(position.id)})


def _reviews(world: World, app_id: int, reviewers: list[int], path_name: str, times: dict,
             finished: bool) -> list[dict]:
    """Two reviews for screened applications (and most others in a finished cycle); now and
    then a declared conflict, replaced by a third reviewer."""
    rng = world.rng
    screened = "screened" in PATHS[path_name]
    if not screened and rng.random() > (0.6 if finished else 0.3):
        return []
    at = times.get("screened", times["submitted"] + timedelta(days=2))
    lean = min(DEPTH[path_name], 5) * 0.35 + (0.8 if screened else 0)
    rows = []
    for reviewer in rng.sample(reviewers, min(len(reviewers), 3)):
        scored = [r for r in rows if not r["conflict"]]
        if len(scored) == 2:
            break
        conflict = rng.random() < 0.02
        scores = None if conflict else [max(1, min(5, round(rng.gauss(1.6 + lean, 0.8))))
                                        for _ in GIP_RUBRIC]
        rows.append({"id": world.writer.new_id("programme_reviews"), "application_id": app_id,
                     "reviewer_id": reviewer, "conflict": conflict, "scores": scores,
                     "total": round(sum(scores) / len(scores), 2) if scores else None,
                     "comment": None, "created_at": min(at, world.cutoff),
                     "updated_at": min(at, world.cutoff)})
    return rows


def _forward(world: World, app_id: int, student: StudentRec, chosen: list[PositionRec],
             path: tuple, times: dict) -> dict[int, int]:
    """The applications the programme put into the companies' pipelines; the first choice
    carries the outcome, the others end rejected once the cycle is over."""
    writer, final = world.writer, path[-1]
    out = {}
    for rank, position in enumerate(chosen):
        lead = rank == 0
        status = {"accepted": "accepted", "declined": "declined",
                  "offered": "offered", "interviewing": "interview"}.get(final, "submitted")
        if not lead or final == "rejected":
            status = "rejected" if final in ("accepted", "declined", "rejected") else "submitted"
        stamp = {"submitted": times["forwarded"]}
        if lead and "interviewing" in path:
            stamp["shortlisted"] = times["forwarded"] + (times["interviewing"]
                                                         - times["forwarded"]) / 2
            stamp["interview"] = times["interviewing"]
        if lead and "offered" in path:
            stamp["offered"] = times["offered"]
        if status in ("accepted", "declined"):
            stamp[status] = times[final]
        if status == "rejected":
            stamp["rejected"] = times[final]
        application_id = writer.new_id("applications")
        row = {"id": application_id, "student_id": student.id, "position_id": position.id,
               "status": status, "note": None, "cv_path": None, "cv_filename": None,
               "programme_application_id": app_id}
        for column in ("submitted", "shortlisted", "interview", "offered", "accepted",
                       "declined", "rejected", "withdrawn"):
            row[f"{column}_at"] = stamp.get(column)
        row["updated_at"] = max(stamp.values())
        writer.add("applications", row)
        out[position.id] = application_id
        if status == "accepted":
            add_internship(world, student, world.company(position.company_id), position,
                           application_id=application_id, accepted_at=times[final])
    return out
