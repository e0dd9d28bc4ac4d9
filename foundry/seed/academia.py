"""Universities, faculties, programmes and skills (upserted on natural keys) and students."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from foundry.extensions import db
from foundry.models import Faculty, Programme, Skill, StudentProfile, University, UniversityDomain
from foundry.models.choices import CLUSTERS, cohort_year, label
from foundry.seed import chinese, names, reference
from foundry.seed.world import FacultyRec, StudentRec, World


def upsert_reference(world: World, *, scale: bool = False) -> None:
    """Create the missing universities, faculties, programmes and skills; load their ids."""
    for code, name, name_zh, domain, _share in reference.UNIVERSITIES:
        university = db.session.scalar(select(University).where(University.code == code))
        if university is None:
            university = University(code=code, name=name, name_zh=name_zh)
            db.session.add(university)
            db.session.flush()
        if db.session.scalar(select(UniversityDomain).where(UniversityDomain.domain == domain)) \
                is None:
            db.session.add(UniversityDomain(university_id=university.id, domain=domain))
        world.universities[code] = university.id
        faculties = reference.FACULTIES[code] + (reference.SCALE_FACULTIES.get(code, ())
                                                 if scale else ())
        for fac_name, kind, weight, programmes in faculties:
            faculty = db.session.scalar(select(Faculty).where(
                Faculty.university_id == university.id, Faculty.name == fac_name))
            if faculty is None:
                faculty = Faculty(university_id=university.id, name=fac_name)
                db.session.add(faculty)
                db.session.flush()
            faculty.name_zh = faculty.name_zh or chinese.faculty(code, fac_name)
            rec = FacultyRec(faculty.id, university.id, code, domain, fac_name, kind, weight, [])
            for prog_name, level in programmes:
                programme = db.session.scalar(select(Programme).where(
                    Programme.faculty_id == faculty.id, Programme.name == prog_name))
                if programme is None:
                    programme = Programme(faculty_id=faculty.id, name=prog_name, degree_level=level)
                    db.session.add(programme)
                    db.session.flush()
                programme.name_zh = programme.name_zh or chinese.PROGRAMMES.get(prog_name)
                rec.programmes.append((programme.id, prog_name, level))
            world.faculties.append(rec)
    _upsert_skills(world)
    db.session.flush()
    # Student numbers continue after any students already there (unique per university).
    for code, university_id in world.universities.items():
        world.serials[code] = db.session.scalar(
            select(func.count(StudentProfile.id)).where(
                StudentProfile.university_id == university_id)) or 0


def _upsert_skills(world: World) -> None:
    existing = {s.name: s for s in db.session.scalars(select(Skill))}
    wanted = [(n, "competency", None, d) for n, d in reference.COMPETENCIES]
    for cluster, skill_names in reference.TECHNICAL_SKILLS.items():
        wanted += [(n, "technical", cluster, None) for n in skill_names]
    for name, kind, cluster, description in wanted:
        skill = existing.get(name)
        if skill is None:
            skill = Skill(name=name, kind=kind, cluster=cluster, description=description)
            db.session.add(skill)
            db.session.flush()
        skill.name_zh = skill.name_zh or chinese.SKILLS.get(name)
        world.skill_names[skill.id] = name
        if kind == "competency":
            world.competencies.append(skill.id)
            world.competency_set.add(skill.id)
        else:
            world.technical.setdefault(cluster, []).append(skill.id)


MENTEE_GOALS = ("Find a summer internship at a Science Park start-up.",
                "Get feedback on my CV and portfolio.",
                "Decide between a first job and a research degree.",
                "Learn how hardware teams work in industry.")
KIND_WEIGHTS = {kind: dict(pairs) for kind, pairs in reference.KIND_CLUSTERS.items()}


def graduation_for(world: World, cohort: int, level: str) -> date:
    """A graduation day in the cohort's academic year (bachelors mostly in June/July)."""
    rng = world.rng
    if level == "master" and rng.random() < 0.5:
        day = date(cohort - 1, rng.choice((11, 12)), 30 if rng.random() < 0.5 else 15)
    elif level == "phd":
        day = world.day_between(date(cohort - 1, 9, 1), date(cohort, 6, 30))
    else:
        day = date(cohort, 6, 30) if rng.random() < 0.85 else date(cohort, 6, 15)
    assert cohort_year(day) == cohort
    return day


def _student_email(world: World, fac: FacultyRec, given: str, surname: str, number: str) -> str:
    """University-style address: numbers at CUHK/HKBU/PolyU/HKU, names at HKUST/CityU."""
    code = fac.university_code
    if code in ("CUHK", "HKBU"):
        local = number
    elif code == "PolyU":
        local = number + "d"
    elif code == "HKU":
        local = "u" + number[-7:]
    elif code == "CityU":
        local = f"{names.initials(given)}{surname}{number[-2:]}-c"
    else:
        local = f"{names.initials(given)}{surname}"
    return world.unique_email(local, fac.domain)


def generate_students(world: World) -> None:
    """Students of every planned cohort, with clusters, skills and (demo) consent records."""
    plan = world.plan
    shares = {code: share for code, _n, _z, _d, share in reference.UNIVERSITIES}
    faculties: dict[str, dict[int, float]] = {}  # university -> {faculty index: weight}
    for n, fac in enumerate(world.faculties):
        faculties.setdefault(fac.university_code, {})[n] = fac.weight
    programmes = [{n: 1 if lv in ("master", "phd", "associate") else 3
                   for n, (_i, _n, lv) in enumerate(fac.programmes)} for fac in world.faculties]
    for cohort, count in sorted(plan.students_per_cohort.items()):
        for _ in range(count):
            index = world.pick(faculties[world.pick(shares)])
            fac = world.faculties[index]
            prog_id, _prog, level = fac.programmes[world.pick(programmes[index])]
            add_student(world, fac=fac, programme_id=prog_id, level=level, cohort=cohort)


def add_student(world: World, *, fac: FacultyRec, programme_id: int, level: str, cohort: int,
                identity: tuple[str, str, str] | None = None,
                email: str | None = None, quality: float | None = None,
                clusters: tuple[str, ...] | None = None,
                headline: str | None = None,
                mentee_goals: str | None = None) -> StudentRec:
    """Queue one student (user, profile, clusters, skills, consent); returns its record."""
    rng, writer, plan = world.rng, world.writer, world.plan
    full_name, given, surname = identity or names.person_name(rng)
    admit_year = cohort - (4 if level in ("bachelor", "phd") else 1 if level == "master" else 2)
    serial = world.serials[fac.university_code] = world.serials.get(fac.university_code, 0) + 1
    number = f"{admit_year % 100:02d}{serial:06d}"
    email = email or _student_email(world, fac, given, surname, number)
    created = world.at(world.day_between(date(admit_year, 9, 1),
                                         max(date(admit_year, 9, 1), date(2025, 3, 31))))
    graduation = graduation_for(world, cohort, level)
    graduated = graduation <= world.today
    user_id = world.add_user(email=email, full_name=full_name, role="student", created=created,
                             last_login=world.at(world.today - timedelta(days=rng.randint(1, 90)))
                             if not graduated or rng.random() < 0.3 else None)
    student_id = writer.new_id("student_profiles")
    weights = KIND_WEIGHTS[fac.kind]
    clusters = clusters or tuple(dict.fromkeys(world.pick(weights)
                                               for _ in range(rng.choice((1, 2, 2, 3)))))
    opt_in = rng.random() < 0.28 or mentee_goals is not None
    goals = (mentee_goals or rng.choice(MENTEE_GOALS)) if opt_in else None
    writer.add("student_profiles", {
        "id": student_id, "user_id": user_id, "university_id": fac.university_id,
        "faculty_id": fac.id, "programme_id": programme_id, "student_number": number,
        "expected_graduation": graduation, "actual_graduation": graduation if graduated else None,
        "cohort_year": cohort, "headline": headline, "mentee_opt_in": opt_in,
        "mentee_interests": ", ".join(label(CLUSTERS, c) for c in clusters) if opt_in else None,
        "mentee_goals": goals})
    for cluster in clusters:
        writer.add("student_clusters", {"id": writer.new_id("student_clusters"),
                                        "student_id": student_id, "cluster": cluster})
    rec = StudentRec(student_id, user_id, fac.university_id, fac.id, fac.kind, cohort,
                     graduation, clusters,
                     quality if quality is not None else max(-1.5, min(1.5, rng.gauss(0, 0.6))))
    skills = rng.sample(world.competencies, 3)
    pool = [s for c in clusters for s in world.technical[c]]
    skills += rng.sample(pool, min(len(pool), max(0, plan.skills_per_student - 3)))
    for skill_id in dict.fromkeys(skills):
        level_ = max(1, min(5, round(2.8 + rec.quality * 0.6 + rng.gauss(0, 0.8))))
        writer.add("student_skills", {"id": writer.new_id("student_skills"),
                                      "student_id": student_id, "skill_id": skill_id,
                                      "level": level_})
    if plan.extra.get("consents", True):
        writer.add("consents", {"id": writer.new_id("consents"), "user_id": user_id,
                                "notice_version": world.notice_version, "given_at": created})
    world.students.append(rec)
    return rec
