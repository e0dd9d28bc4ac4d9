"""Position pages per role: the editor's validation, other companies' positions, detail, skills."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from foundry.models import Position, StudentSkill
from tests import factories

FORM = {"title": "Data Intern", "description": "Crunch data.", "kind": "internship",
        "cluster": "fintech", "site": "science_park", "mode": "hybrid", "paid": "y",
        "pay_min": "9000", "pay_max": "11000", "pay_period": "month", "openings": "1",
        # Relative to today: a fixed deadline made this test fail once the day had passed.
        "deadline": (date.today() + timedelta(days=30)).isoformat(),
        "start_date": (date.today() + timedelta(days=60)).isoformat(),
        "end_date": (date.today() + timedelta(days=150)).isoformat(),
        "programme_id": "", "audience": "", "event_id": ""}


def _count(db):
    return db.session.scalar(select(func.count(Position.id)))


def test_company_creates_and_opens_a_position(client, login_as, db):
    member = login_as("company")
    skill = factories.SkillFactory(name="SQL")
    gip = factories.TalentProgrammeFactory()
    db.session.commit()
    response = client.post("/company/positions/new", data={
        **FORM, "programme_id": str(gip.id), "skills-0-skill_id": str(skill.id),
        "skills-0-level": "3"})
    assert response.status_code == 302
    position = db.session.scalar(select(Position))
    assert position.company_id == member.membership.company_id and position.status == "draft"
    assert [(s.skill_id, s.required_level) for s in position.skills] == [(skill.id, 3)]
    assert position.programme_id == gip.id and position.audience == "open"  # GIP: open
    client.post(f"/company/positions/{position.id}/open")
    assert position.status == "open"
    page = client.get("/company/positions").get_data(as_text=True)
    assert "Data Intern" in page and "Open" in page
    client.post(f"/company/positions/{position.id}/close")
    assert position.status == "closed"


def test_form_errors_by_field_with_values_kept(client, login_as, db):
    login_as("company")
    response = client.post("/company/positions/new", data={
        **FORM, "pay_min": "20000", "pay_max": "1000", "start_date": "2027-03-01",
        "end_date": "2027-01-01", "openings": "0", "deadline": "2027-05-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="pay_max-error"' in page and "at least the pay from amount" in page
    assert 'id="end_date-error"' in page and "on or after the start date" in page
    assert 'id="openings-error"' in page and "at least 1" in page
    assert 'id="deadline-error"' in page
    assert 'value="Data Intern"' in page and 'value="20000"' in page
    assert _count(db) == 0


def test_skill_row_needs_a_level_and_no_duplicates(client, login_as, db):
    login_as("company")
    skill = factories.SkillFactory(name="Rust")
    db.session.commit()
    page = client.post("/company/positions/new", data={
        **FORM, "skills-0-skill_id": str(skill.id), "skills-0-level": ""}).get_data(as_text=True)
    assert "Choose the level required" in page
    page = client.post("/company/positions/new", data={
        **FORM, "skills-0-skill_id": str(skill.id), "skills-0-level": "2",
        "skills-1-skill_id": str(skill.id), "skills-1-level": "4"}).get_data(as_text=True)
    assert "only once" in page
    assert _count(db) == 0


def test_editing_another_companys_position_is_refused(client, login_as, db):
    other = factories.PositionFactory(title="Not Yours")
    login_as("company")
    assert client.get(f"/company/positions/{other.id}/edit").status_code == 403
    assert client.post(f"/company/positions/{other.id}/edit",
                       data={**FORM, "title": "Hijacked"}).status_code == 403
    assert client.post(f"/company/positions/{other.id}/close").status_code == 403
    db.session.expire_all()
    assert other.title == "Not Yours" and other.status == "open"


def test_company_cannot_see_another_companys_draft(client, login_as, db):
    draft = factories.PositionFactory(status="draft")
    login_as("company")
    assert client.get(f"/positions/{draft.id}").status_code == 404


def test_edit_own_position_keeps_skills(client, login_as, db):
    member = login_as("company")
    position = factories.PositionFactory(company=member.membership.company)
    row = factories.PositionSkillFactory(position=position, required_level=4)
    db.session.commit()
    page = client.get(f"/company/positions/{position.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{row.skill_id}">' in page
    response = client.post(f"/company/positions/{position.id}/edit", data={
        **FORM, "title": "Renamed", "skills-0-skill_id": str(row.skill_id),
        "skills-0-level": "5"})
    assert response.status_code == 302
    db.session.expire_all()
    assert position.title == "Renamed" and position.skills[0].required_level == 5


def test_suspended_company_refused_with_a_message(client, login_as, db):
    member = login_as("company", company__vetting_status="suspended",
                      company__vetting_reason="Tenancy ended")
    draft = factories.PositionFactory(company=member.membership.company, status="draft")
    db.session.commit()
    page = client.get("/company/positions/new").get_data(as_text=True)
    assert "suspended" in page and "Tenancy ended" in page
    page = client.post("/company/positions/new", data=FORM).get_data(as_text=True)
    assert "suspended" in page and _count(db) == 1
    page = client.post(f"/company/positions/{draft.id}/open",
                       follow_redirects=True).get_data(as_text=True)
    assert "suspended" in page and draft.status == "draft"


def test_detail_compares_student_skills(client, login_as, db):
    student = login_as("student")
    position = factories.PositionFactory()
    met, below, missing = (factories.SkillFactory(name=n) for n in ("Alpha", "Beta", "Gamma"))
    for skill in (met, below, missing):
        factories.PositionSkillFactory(position=position, skill=skill, required_level=3)
    factories.StudentSkillFactory(student_id=student.student.id, skill=met, level=4)
    factories.StudentSkillFactory(student_id=student.student.id, skill=below, level=1)
    db.session.commit()
    page = client.get(f"/positions/{position.id}").get_data(as_text=True)
    assert "Met" in page and "Below by 2" in page and "Missing" in page
    assert "Send application" in page


def test_student_cannot_see_drafts_or_unverified(client, login_as, db):
    login_as("student")
    for position in (factories.PositionFactory(status="draft"),
                     factories.PositionFactory(company__vetting_status="pending")):
        assert client.get(f"/positions/{position.id}").status_code == 404


def test_my_skills_saves_levels(client, login_as, db):
    student = login_as("student")
    a, b = factories.SkillFactory(name="Teamwork", kind="competency", cluster=None), \
        factories.SkillFactory(name="PCB design")
    db.session.commit()
    page = client.get("/me/skills").get_data(as_text=True)
    assert "Teamwork" in page and "PCB design" in page
    response = client.post("/me/skills", data={f"skill-{a.id}": "4", f"skill-{b.id}": ""})
    assert response.status_code == 302
    rows = db.session.execute(select(StudentSkill.skill_id, StudentSkill.level)
                              .where(StudentSkill.student_id == student.student.id)).all()
    assert [tuple(r) for r in rows] == [(a.id, 4)]
    response = client.post("/me/skills", data={f"skill-{a.id}": "9"})
    assert response.status_code == 200 and "from 1 to 5" in response.get_data(as_text=True)


def test_add_a_skill_without_javascript_keeps_everything_typed(client, login_as, db):
    login_as("company")
    skill = factories.SkillFactory(name="Kotlin")
    db.session.commit()
    rows = {f"skills-{i}-skill_id": "" for i in range(3)}
    response = client.post("/company/positions/new", data={
        **FORM, **rows, "title": "Half typed", "pay_min": "", "skills-0-skill_id": str(skill.id),
        "skills-0-level": "4", "add_skill_row": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and _count(db) == 0  # nothing saved
    assert 'name="skills-3-skill_id"' in page and 'name="skills-4-skill_id"' not in page
    assert 'value="Half typed"' in page and f'<option selected value="{skill.id}">' in page
    assert 'class="invalid-feedback' not in page  # not validated yet: no errors shown
    again = client.post("/company/positions/new", data={
        **FORM, **rows, "skills-3-skill_id": "", "add_skill_row": "1"}).get_data(as_text=True)
    assert 'name="skills-4-skill_id"' in again
    # saving with more than three rows keeps every skill
    skills = [factories.SkillFactory(name=f"S{i}") for i in range(5)]
    db.session.commit()
    data = {**FORM}
    for i, s in enumerate(skills):
        data[f"skills-{i}-skill_id"], data[f"skills-{i}-level"] = str(s.id), "2"
    assert client.post("/company/positions/new", data=data).status_code == 302
    assert len(db.session.scalar(select(Position)).skills) == 5


def _submit_buttons(page: str) -> list[str]:
    """The submit buttons of the position form, in document order (tags only)."""
    form = page.split('<form method="post" novalidate>')[1].split("</form>")[0]
    return re.findall(r'<button type="submit"[^>]*>', form)


def test_enter_in_a_text_field_saves_the_position_without_javascript(client, login_as, db):
    """Enter submits through the form's first submit button: it is a "Save position" copy,
    before the no-JavaScript "Add a skill" button, so pressing Enter saves (issue 14)."""
    member = login_as("company")
    buttons = _submit_buttons(client.get("/company/positions/new").get_data(as_text=True))
    assert 'name="save"' in buttons[0] and "add_skill_row" not in buttons[0]
    assert any("add_skill_row" in b for b in buttons[1:])
    # What the browser sends when Enter is pressed: the default button's name and value.
    response = client.post("/company/positions/new", data={**FORM, "save": "1"})
    assert response.status_code == 302 and _count(db) == 1
    position = db.session.scalar(select(Position))
    assert position.company_id == member.membership.company_id
    buttons = _submit_buttons(client.get(f"/company/positions/{position.id}/edit")
                              .get_data(as_text=True))
    assert 'name="save"' in buttons[0]
    response = client.post(f"/company/positions/{position.id}/edit",
                           data={**FORM, "title": "Renamed by Enter", "save": "1"})
    assert response.status_code == 302
    db.session.refresh(position)
    assert position.title == "Renamed by Enter"
