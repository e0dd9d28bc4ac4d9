"""CSV exports: the helper's safety rules, scope per role, and the audit entry."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from foundry.exports.csv import csv_text, safe_cell
from foundry.models import AuditLog
from tests import factories


def _rows(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def _audit(db, action):
    return db.session.scalar(select(AuditLog).where(AuditLog.action == action))


def test_formula_injection_is_neutralised():
    """Cells starting with = + - @ get a leading apostrophe; numbers stay numbers."""
    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [safe_cell(v) for v in ("+1", "-2", "@SUM", "\tx")] == ["'+1", "'-2", "'@SUM", "'\tx"]
    assert safe_cell(-5) == "-5" and safe_cell(None) == "" and safe_cell(True) == "yes"
    text = csv_text(["name"], [["陳大文, \"Tommy\""], ["line\nbreak"]])
    assert text.startswith("\ufeffname\r\n")
    assert list(csv.reader(io.StringIO(text[1:], newline="")))[1:] == [
        ["陳大文, \"Tommy\""], ["line\nbreak"]]


def test_admin_users_export_follows_filters_and_is_audited(db, client, login_as):
    """Same filters as the page; a malicious name is defused; the export is audited."""
    login_as("admin")
    factories.UserFactory(full_name="=cmd|' /C calc'!A0", email="evil@example.com")
    factories.user_with_role("dean", user__full_name="Dean Wong")
    db.session.commit()
    response = client.get("/exports/users.csv?role=student")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="users-')
    rows = _rows(response)
    assert rows[0][:3] == ["id", "full_name", "email"]
    assert [r[1] for r in rows[1:]] == ["'=cmd|' /C calc'!A0"]
    entry = _audit(db, "export.users")
    assert entry.details == {"rows": 1, "filters": {"role": "student"}}


def test_admin_exports_companies_audit_universities_skills(db, client, login_as):
    """Each admin list has its CSV."""
    login_as("admin")
    factories.CompanyFactory(name="Acme", vetting_status="pending")
    factories.SkillFactory(name="Python")
    factories.UniversityFactory(code="HKU")
    db.session.commit()
    companies = _rows(client.get("/exports/companies.csv?status=pending"))
    assert companies[1][1] == "Acme" and companies[1][7] == "Pending"
    assert _rows(client.get("/exports/skills.csv"))[1][1] == "Python"
    assert _rows(client.get("/exports/universities.csv"))[1][0] == "HKU"
    audit = _rows(client.get("/exports/audit.csv?action=export."))
    assert [r[4] for r in audit[1:]] == ["export.universities", "export.skills",
                                         "export.companies"]


def test_dean_outcomes_export_only_own_university(db, client, login_as):
    """A dean's outcomes CSV holds their university's graduates only."""
    mine = factories.FacultyFactory()
    login_as("dean", university=mine.university)
    own = factories.GraduateOutcomeFactory(
        student=factories.StudentProfileFactory(faculty=mine, student_number="OWN1"))
    factories.GraduateOutcomeFactory(
        student=factories.StudentProfileFactory(student_number="OTHER1"))
    db.session.commit()
    rows = _rows(client.get("/exports/outcomes.csv"))
    assert [r[2] for r in rows[1:]] == ["OWN1"]
    assert rows[1][7] == own.employer_name
    assert _audit(db, "export.outcomes").details["rows"] == 1


def test_company_exports_only_its_applicants(db, client, login_as):
    """A member's applicants CSV never holds another company's applications."""
    user = login_as("company")
    company = user.membership.company
    factories.ApplicationFactory(position=factories.PositionFactory(company=company,
                                                                    title="Ours"))
    factories.ApplicationFactory(position=factories.PositionFactory(title="Theirs"))
    db.session.commit()
    rows = _rows(client.get("/exports/applicants.csv?company_id=999"))
    assert [r[2] for r in rows[1:]] == ["Ours"]
    entry = _audit(db, "export.applicants")
    assert entry.target_id == company.id and entry.details["rows"] == 1


def test_admin_applicants_needs_a_company(db, client, login_as):
    """An admin names the company; an unknown one is 404."""
    login_as("admin")
    assert client.get("/exports/applicants.csv").status_code == 404
    application = factories.ApplicationFactory()
    db.session.commit()
    company_id = application.position.company_id
    rows = _rows(client.get(f"/exports/applicants.csv?company_id={company_id}"))
    assert len(rows) == 2


def test_student_exports_own_applications_only(db, client, login_as):
    """A student's CSV lists their own applications."""
    user = login_as("student")
    factories.ApplicationFactory(student=user.student,
                                 position=factories.PositionFactory(title="Mine"))
    factories.ApplicationFactory(position=factories.PositionFactory(title="Someone else's"))
    db.session.commit()
    rows = _rows(client.get("/exports/my-applications.csv"))
    assert [r[1] for r in rows[1:]] == ["Mine"]
    assert _audit(db, "export.my_applications").details["rows"] == 1


def test_roles_cannot_reach_other_exports(db, client, login_as):
    """Deans, companies and students get 403 on admin exports."""
    for role in ("dean", "company", "student"):
        login_as(role)
        assert client.get("/exports/users.csv").status_code == 403
        assert client.get("/exports/audit.csv").status_code == 403
    login_as("student")
    assert client.get("/exports/outcomes.csv").status_code == 403
    assert client.get("/exports/applicants.csv").status_code == 403
