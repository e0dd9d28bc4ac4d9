"""Issue 14: in 繁體中文, university, faculty, programme and skill names appear in Chinese
(where one is kept) in the dashboards' menus, charts and CSVs, the Talent Pool's filters, the
record exports and the profile pages; English pages keep the English names."""

from __future__ import annotations

import csv
import io

from tests import factories as f
from tests.dashboards.cohort import build_cohort


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _chinese(client) -> None:
    client.set_cookie("locale", "zh_Hant")


def test_dashboards_name_faculties_in_chinese(client, login_as, db):
    data = build_cohort()
    data["eng"].name_zh = "工程學院"
    data["university"].name_zh = "香港X大學"
    login_as("admin")
    english = _csv(client.get("/dashboards/admin/data/outcomes.csv?university=HKX&cohort=2025"))
    assert [r[0] for r in english[1:3]] == ["Engineering", "Science"]
    _chinese(client)
    page = client.get("/dashboards/admin?university=HKX&cohort=2025").get_data(as_text=True)
    assert "HKX — 香港X大學</option>" in page and '<th scope="row">工程學院</th>' in page
    rows = _csv(client.get("/dashboards/admin/data/outcomes.csv?university=HKX&cohort=2025"))
    labels = [r[0] for r in rows[1:]]
    assert "工程學院" in labels and "Science" in labels  # no Chinese name kept: English
    figure = client.get("/dashboards/admin/figures/outcomes.json?university=HKX&cohort=2025")
    assert "工程學院" in str(figure.get_json())
    login_as(f.DeanAssignmentFactory(university=data["university"]).user)
    dean = _csv(client.get("/dashboards/dean/data/rates.csv?cohort=2025"))
    assert "工程學院" in [r[0] for r in dean[1:]]
    assert "工程學院</option>" in client.get("/dashboards/dean?cohort=2025").get_data(as_text=True)


def test_talent_pool_skill_filter_and_cards_in_chinese(client, login_as, db):
    skill = f.SkillFactory(name="Machine learning", name_zh="機器學習")
    f.PositionSkillFactory(skill=skill, position__status="open")
    login_as("student")
    assert "Machine learning" in client.get("/positions").get_data(as_text=True)
    _chinese(client)
    page = client.get("/positions").get_data(as_text=True)
    assert "機器學習" in page and ">Machine learning<" not in page


def test_applicants_export_in_chinese_uses_chinese_names(client, login_as, db):
    faculty = f.FacultyFactory(name="Faculty of Engineering", name_zh="工程學院")
    programme = f.ProgrammeFactory(faculty=faculty, name="BEng Robotics", name_zh="機械人工程學士")
    application = f.ApplicationFactory(student__faculty=faculty, student__programme=programme)
    member = f.CompanyMemberFactory(company=application.position.company)
    login_as(member.user)
    _chinese(client)
    rows = _csv(client.get("/exports/applicants.csv"))
    header = rows[0]
    row = rows[1]
    assert row[header.index("faculty")] == "工程學院"
    assert row[header.index("programme")] == "機械人工程學士"


def test_student_details_programme_menu_in_chinese(client, login_as, db):
    faculty = f.FacultyFactory(name="Faculty of Engineering", name_zh="工程學院")
    f.ProgrammeFactory(faculty=faculty, name="BEng Robotics", name_zh="機械人工程學士")
    student = f.StudentProfileFactory(faculty=faculty)
    login_as(student.user)
    _chinese(client)
    page = client.get("/account/details").get_data(as_text=True)
    assert "工程學院 — 機械人工程學士" in page


def test_skills_export_keeps_both_names(client, login_as, db):
    f.SkillFactory(name="Python", name_zh="Python 程式設計")
    login_as("admin")
    rows = _csv(client.get("/exports/skills.csv"))
    assert rows[0][:3] == ["id", "name", "name_zh"] and rows[1][1:3] == ["Python",
                                                                         "Python 程式設計"]
