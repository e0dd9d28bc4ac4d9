"""Home pages lead somewhere: each application, internship, mentor, event and position
opens its own page (they were plain text), and statuses carry the colours of the lists."""

from __future__ import annotations

from tests import factories


def test_student_home_links_each_record_to_its_page(client, login_as, db):
    user = login_as("student")
    student = user.student
    application = factories.ApplicationFactory(student=student, status="offered",
                                               position__title="Vision Intern")
    internship = factories.InternshipFactory(student=student, title="Firmware Intern",
                                             status="pending")
    pair = factories.MentorshipFactory(student=student, mentor__user__full_name="Mentor Ma")
    registration = factories.EventRegistrationFactory(student=student,
                                                      event__name="Fintech Drive 2027")
    db.session.commit()
    html = client.get("/home").get_data(as_text=True)
    assert f'<a href="/applications/{application.id}">Vision Intern</a>' in html
    assert f'<a href="/internships/{internship.id}">Firmware Intern</a>' in html
    assert f'<a href="/mentoring/pairs/{pair.id}">Mentor Ma</a>' in html
    assert f'<a href="/events/{registration.event.id}">Fintech Drive 2027</a>' in html
    assert "text-bg-warning status-badge" in html  # offered / pending, not all grey
    for url in (f"/applications/{application.id}", f"/internships/{internship.id}",
                f"/mentoring/pairs/{pair.id}", f"/events/{registration.event.id}"):
        assert client.get(url).status_code == 200, url


def test_company_home_links_positions_applicants_and_interns(client, login_as, db):
    user = login_as("company")
    company = user.membership.company
    position = factories.PositionFactory(company=company, title="FPGA Engineer", status="draft")
    factories.ApplicationFactory(position=position)
    internship = factories.InternshipFactory(company=company, title="Firmware Intern",
                                             status="pending")
    db.session.commit()
    html = client.get("/home").get_data(as_text=True)
    assert f'<a href="/positions/{position.id}">FPGA Engineer</a>' in html
    assert f'href="/company/applicants?position={position.id}"' in html
    assert f'<a href="/internships/{internship.id}">Firmware Intern</a>' in html
    assert 'href="/internships/company"' in html  # from the "waiting for confirmation" note
    for url in (f"/positions/{position.id}", f"/company/applicants?position={position.id}",
                f"/internships/{internship.id}", "/internships/company"):
        assert client.get(url).status_code == 200, url
