"""An admin onboards students from a CSV in the browser: preview with an error, fix, apply,
and find the import in the audit trail. Screenshots of every admin page; axe on each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from foundry.models import University, UniversityDomain
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot

HEADER = "student_number,full_name,email,faculty,programme,expected_graduation"
GOOD = [
    "1155000001,陳大文,1155000001@link.cuhk.edu.hk,Faculty of Engineering,BEng AI,2026-06-30",
    '1155000002,"Wong, Siu Ming",1155000002@link.cuhk.edu.hk,Faculty of Engineering,,'
    "2026-06-30",
]
BAD = "1155000003,Lee Ka Yan,1155000003@gmail.com,Faculty of Engineering,,2026-06-30"


def _write(tmp_path, name: str, rows: list[str]):
    path = tmp_path / name
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8"))
    return path


@pytest.fixture()
def admin_and_university(live_db):
    """An admin and CUHK with its student domain and engineering faculty."""
    with live_db():
        university = factories.UniversityFactory(
            code="CUHK", name="The Chinese University of Hong Kong", name_zh="香港中文大學",
            domains=[UniversityDomain(domain="link.cuhk.edu.hk")])
        factories.FacultyFactory(university=university, name="Faculty of Engineering")
        admin = factories.UserFactory(role="admin", full_name="Ada Admin",
                                      email="ada@hkstp.example")
        return admin.email, university.id


def test_admin_imports_students_with_preview_fix_and_audit(live_server, page, sign_in,
                                                           admin_and_university, tmp_path):
    """Upload → preview lists the bad row → upload the fixed file → apply → audit trail."""
    email, university_id = admin_and_university
    sign_in(page, email)
    page.goto(live_server + "/imports/")
    screenshot(page, "imports-index")
    assert_accessible(page)

    page.get_by_label("What the file holds").select_option("students")
    page.get_by_label("University").select_option(str(university_id))
    page.get_by_label("CSV file (UTF-8, up to 20 MB)").set_input_files(
        str(_write(tmp_path, "registrar.csv", [*GOOD, BAD])))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/imports/preview/**")
    errors = page.locator("#import-errors")
    assert "not an e-mail address of this university" in errors.inner_text()
    assert errors.locator("tbody tr").first.locator("td").first.inner_text() == "4"
    assert page.get_by_role("button", name="Apply the import").count() == 0
    screenshot(page, "imports-preview-error")
    assert_accessible(page)

    page.get_by_role("link", name="Upload a corrected file").click()
    assert page.get_by_label("University").input_value() == str(university_id)  # kept
    fixed = BAD.replace("@gmail.com", "@link.cuhk.edu.hk")
    page.get_by_label("CSV file (UTF-8, up to 20 MB)").set_input_files(
        str(_write(tmp_path, "registrar-fixed.csv", [*GOOD, fixed])))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/imports/preview/**")
    assert page.locator("#import-errors").count() == 0
    assert "BEng AI" in page.inner_text("main")  # the new programme is announced
    screenshot(page, "imports-preview-ok")
    page.get_by_role("button", name="Apply the import (3 changes)").click()
    page.wait_for_url("**/imports/")
    assert "Import applied: 3 created, 0 updated, 0 unchanged." in page.inner_text("main")
    assert "registrar-fixed.csv" in page.inner_text("main")
    screenshot(page, "imports-applied")

    page.goto(live_server + "/admin/audit?action=import.")
    table = page.locator("#audit-table").inner_text()
    assert "import.students" in table and "ada@hkstp.example" in table
    assert "created: 3" in table
    screenshot(page, "admin-audit")
    assert_accessible(page)

    page.goto(live_server + "/admin/users?q=1155000001")
    assert "陳大文" in page.inner_text("main")
    assert "no password yet" in page.inner_text("main")
    screenshot(page, "admin-users")


def test_admin_pages_render_and_are_accessible(live_server, live_db, page, sign_in,
                                               admin_and_university):
    """Every admin page with some data: screenshot and axe."""
    email, university_id = admin_and_university
    with live_db() as db:
        factories.SkillRatingFactory(skill=factories.SkillFactory(name="Python"))
        factories.SkillFactory(name="Teamwork", kind="competency", cluster=None, active=False)
        factories.GraduateOutcomeFactory(employer_name="Acme Robotics HK")
        factories.InternshipFactory(company=None, company_name="acme robotics hk")
        factories.CompanyFactory(name="Acme Robotics Limited")
        member = factories.user_with_role("company")
        member_id = member.id
        faculty_id = factories.FacultyFactory(university=db.session.get(University, university_id),
                                              name="Faculty of Science").id
    sign_in(page, email)
    pages = {
        "admin-universities": "/admin/universities",
        "admin-university-edit": f"/admin/universities/{university_id}/edit",
        "admin-faculties": f"/admin/universities/{university_id}/faculties",
        "admin-faculty": f"/admin/universities/{university_id}/faculties/{faculty_id}",
        "admin-skills": "/admin/skills",
        "admin-skill-new": "/admin/skills/new",
        "admin-user": f"/admin/users/{member_id}",
        "admin-employers": "/admin/employers",
    }
    for name, path in pages.items():
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, name
        screenshot(page, name)
        assert_accessible(page)

    page.goto(live_server + "/admin/employers")
    page.get_by_label("Directory company for Acme Robotics HK").select_option(
        label="Acme Robotics Limited")
    page.get_by_label("Same employer").check()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator("main")).to_contain_text(
        "merged into Acme Robotics Limited: 1 outcomes, 1 internships")
    screenshot(page, "admin-employers-merged")


def test_dean_import_page_is_fixed_to_own_university(live_server, live_db, page, sign_in,
                                                     admin_and_university, tmp_path):
    """A dean sees their university (no choice) and only students and outcomes."""
    _email, university_id = admin_and_university
    with live_db() as db:
        dean = factories.user_with_role(
            "dean", university=db.session.get(University, university_id))
        email = dean.email
    sign_in(page, email)
    page.goto(live_server + "/imports/")
    main = page.inner_text("main")
    assert "The Chinese University of Hong Kong" in main
    assert page.get_by_label("University").count() == 0
    kinds = page.get_by_label("What the file holds").locator("option").all_inner_texts()
    assert kinds == ["Students (registrar export)", "Graduate outcomes (survey)"]
    screenshot(page, "imports-dean")
    assert_accessible(page)
    page.get_by_label("CSV file (UTF-8, up to 20 MB)").set_input_files(
        str(_write(tmp_path, "students.csv", GOOD)))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/imports/preview/**")
    page.get_by_role("button", name="Apply the import (2 changes)").click()
    expect(page.locator("main")).to_contain_text("Import applied: 2 created")
