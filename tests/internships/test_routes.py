"""Internship pages for each role: logging through the form, access to others' records,
the company's list and actions, the admins' list and linking."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from foundry.models import Internship
from foundry.models.base import utcnow
from tests import factories
from tests.internships.conftest import form_data


def count(db) -> int:
    return db.session.scalar(select(func.count(Internship.id)))


def test_student_logs_an_internship_through_the_form(client, db, login_as):
    user = login_as("student")
    company = factories.CompanyFactory(name="Lumen Optics Ltd")
    factories.CompanyFactory(name="Hidden Pending Ltd", vetting_status="pending")
    db.session.commit()
    form = client.get("/internships/new").get_data(as_text=True)
    assert "Lumen Optics Ltd" in form and "Hidden Pending Ltd" not in form
    response = client.post("/internships/new", data=form_data(company_id=str(company.id)))
    assert response.status_code == 302
    internship = db.session.scalar(select(Internship))
    assert (internship.student_id, internship.company_id, internship.status) == \
        (user.student.id, company.id, "pending")
    assert "Pending confirmation" in client.get("/internships/mine").get_data(as_text=True)


def test_dates_out_of_order_show_by_the_field_and_keep_values(client, db, login_as):
    login_as("student")
    response = client.post("/internships/new", data=form_data(
        company_name="Firm Ltd", supervisor_email="boss@firm.example",
        title="Robotics Intern", end_date="2025-05-01"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="end_date-error"' in page and "on or after the start date" in page
    assert 'value="Robotics Intern"' in page and 'value="Firm Ltd"' in page
    assert count(db) == 0


def test_hours_out_of_range_and_overlapping_duplicate_by_field(client, db, login_as):
    user = login_as("student")
    company = factories.CompanyFactory()
    factories.InternshipFactory(student=user.student, company=company, status="confirmed",
                                start_date=utcnow().date(), end_date=utcnow().date())
    db.session.commit()
    page = client.post("/internships/new", data=form_data(
        company_id=str(company.id), hours_per_week="95")).get_data(as_text=True)
    assert 'id="hours_per_week-error"' in page
    today = utcnow().date().isoformat()
    page = client.post("/internships/new", data=form_data(
        company_id=str(company.id), start_date=today, end_date=today)).get_data(as_text=True)
    assert 'id="start_date-error"' in page and "overlap" in page
    assert count(db) == 1


def test_another_students_internship_is_forbidden(client, db, login_as):
    login_as("student")
    other = factories.InternshipFactory(status="pending", title="Secret Project Intern")
    db.session.commit()
    for url in (f"/internships/{other.id}", f"/internships/{other.id}/edit"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Secret Project Intern" not in response.get_data(as_text=True)
    assert client.post(f"/internships/{other.id}/delete").status_code == 403
    assert client.post(f"/internships/{other.id}/transition",
                       data={"action": "complete"}).status_code == 403
    assert count(db) == 1


def test_another_companys_internship_is_forbidden(client, db, login_as):
    login_as("company")
    other = factories.InternshipFactory(status="pending")
    db.session.commit()
    assert client.get(f"/internships/{other.id}").status_code == 403
    assert client.post(f"/internships/{other.id}/transition",
                       data={"action": "confirm"}).status_code == 403
    db.session.refresh(other)
    assert other.status == "pending"
    assert "Data Science Intern" not in client.get("/internships/company").get_data(as_text=True)


def test_unknown_internship_is_404(client, db, login_as):
    login_as("admin")
    assert client.get("/internships/424242").status_code == 404


def test_company_list_shows_pending_first_and_overdue_count(client, db, login_as):
    user = login_as("company")
    company = user.membership.company
    factories.InternshipFactory(company=company, status="confirmed", title="Confirmed Intern")
    factories.InternshipFactory(company=company, status="pending", title="Waiting Intern")
    factories.InternshipFactory(company=company, status="completed", title="Overdue Intern",
                                completed_at=utcnow() - timedelta(days=20))
    db.session.commit()
    page = client.get("/internships/company").get_data(as_text=True)
    assert page.index("Waiting Intern") < page.index("Confirmed Intern")
    assert "1 finished internship has waited more than 14 days" in page


def test_company_confirms_and_disputes_from_the_detail_page(client, db, login_as):
    user = login_as("company")
    first = factories.InternshipFactory(company=user.membership.company, status="pending")
    second = factories.InternshipFactory(company=user.membership.company, status="pending",
                                         start_date=first.start_date.replace(year=2023),
                                         end_date=first.end_date.replace(year=2023))
    db.session.commit()
    page = client.get(f"/internships/{first.id}").get_data(as_text=True)
    assert "Confirm this internship" in page and "Reason for the dispute" in page
    client.post(f"/internships/{first.id}/transition", data={"action": "confirm"})
    response = client.post(f"/internships/{second.id}/transition",
                           data={"action": "dispute", "reason": ""})
    assert response.status_code == 400
    assert 'id="reason-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert (db.session.get(Internship, first.id).status,
            db.session.get(Internship, second.id).status) == ("confirmed", "pending")
    # A wrong move (completing twice) is refused with a message, nothing changes.
    client.post(f"/internships/{first.id}/transition", data={"action": "complete"})
    response = client.post(f"/internships/{first.id}/transition", data={"action": "complete"},
                           follow_redirects=True)
    assert "cannot be changed that way" in response.get_data(as_text=True)


def test_student_edits_and_deletes_own_pending_internship(client, db, login_as):
    user = login_as("student")
    company = factories.CompanyFactory()
    internship = factories.InternshipFactory(student=user.student, company=company,
                                             status="pending", title="Old Title")
    db.session.commit()
    assert 'value="Old Title"' in client.get(f"/internships/{internship.id}/edit").get_data(
        as_text=True)
    client.post(f"/internships/{internship.id}/edit", data=form_data(
        company_id=str(company.id), title="New Title", start_date="2024-06-01",
        end_date="2024-08-31"))
    db.session.refresh(internship)
    assert internship.title == "New Title"
    client.post(f"/internships/{internship.id}/delete")
    assert count(db) == 0


def test_student_cannot_edit_a_confirmed_internship(client, db, login_as):
    user = login_as("student")
    internship = factories.InternshipFactory(student=user.student, status="confirmed")
    db.session.commit()
    assert client.get(f"/internships/{internship.id}/edit").status_code == 302
    client.post(f"/internships/{internship.id}/delete")
    assert count(db) == 1


def test_admin_sees_all_and_links_a_typed_company(client, db, login_as):
    login_as("admin")
    company = factories.CompanyFactory(name="Directory Co Ltd")
    internship = factories.InternshipFactory(company=None, company_name="Typed Co",
                                             status="pending", title="Typed Intern")
    factories.InternshipFactory(title="Other Intern")
    db.session.commit()
    page = client.get("/internships/all").get_data(as_text=True)
    assert "Typed Intern" in page and "Other Intern" in page
    filtered = client.get("/internships/all?status=pending").get_data(as_text=True)
    assert "Typed Intern" in filtered and "Other Intern" not in filtered
    assert "Link to a directory company" in client.get(
        f"/internships/{internship.id}").get_data(as_text=True)
    client.post(f"/internships/{internship.id}/link-company",
                data={"company_id": str(company.id)})
    db.session.refresh(internship)
    assert internship.company_id == company.id


def test_dean_has_no_internship_pages(client, db, login_as):
    login_as("dean")
    internship = factories.InternshipFactory()
    db.session.commit()
    assert client.get(f"/internships/{internship.id}").status_code == 403
