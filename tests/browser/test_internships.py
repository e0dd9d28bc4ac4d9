"""Journeys in Chromium: a student logs an outside internship and the supervisor confirms it
through the e-mailed link; a company completes an internship, gives skills feedback, and the
student reads it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from foundry.models import Internship, OutboxMail
from tests import factories
from tests.browser.conftest import assert_accessible, confirm, screenshot

pytestmark = pytest.mark.browser

COMPETENCIES = ("Career & Self-Development", "Communication", "Critical Thinking",
                "Equity & Inclusion", "Leadership", "Professionalism", "Teamwork", "Technology")


def test_student_logs_internship_and_supervisor_confirms_by_link(
        live_server, live_db, page, sign_in, browser):
    with live_db():
        student = factories.user_with_role("student", user__full_name="Wing Lam")
        factories.CompanyFactory(name="Pak Shek Kok Photonics Ltd")
        email = student.email
    sign_in(page, email)
    page.goto(live_server + "/internships/mine")
    screenshot(page, "internships-mine-empty")
    page.get_by_role("link", name="Log an internship").click()
    page.get_by_label("…or the company's name").fill("Harbour Robotics Ltd")
    page.get_by_label("Job title").fill("Embedded Software Intern")
    page.get_by_label("Start date").fill("2025-06-02")
    page.get_by_label("End date").fill("2025-05-01")
    page.get_by_label("Hours per week").fill("40")
    page.get_by_label("Monthly stipend (HKD)").fill("12000")
    page.get_by_label("Supervisor's e-mail").fill("mei.chan@harbour.example")
    page.get_by_role("button", name="Log internship").click()
    # Dates out of order: the message sits by the field and the typed values stay.
    expect(page.get_by_text("The end date must be on or after the start date.")).to_be_visible()
    assert page.get_by_label("Job title").input_value() == "Embedded Software Intern"
    screenshot(page, "internships-form-error")
    assert_accessible(page)
    page.get_by_label("End date").fill("2025-08-29")
    page.get_by_role("button", name="Log internship").click()
    expect(page.get_by_text("Internship logged.")).to_be_visible()
    expect(page.locator(".status-badge", has_text="Pending confirmation")).to_be_visible()
    screenshot(page, "internships-detail-pending")

    with live_db() as db:
        body = db.session.scalar(select(OutboxMail.body).where(
            OutboxMail.recipient == "mei.chan@harbour.example"))
    link = re.search(r"https?://\S+/internships/confirm/\S+", body).group(0)
    link = live_server + link[link.index("/internships/"):]  # the live server's own port

    supervisor = browser.new_context(viewport={"width": 1280, "height": 900})
    other = supervisor.new_page()
    other.goto(link)
    assert other.get_by_text("Wing Lam").first.is_visible()
    assert other.get_by_text("Harbour Robotics Ltd").first.is_visible()
    screenshot(other, "internships-confirm-link")
    assert_accessible(other)
    other.get_by_role("button", name="Confirm: these details are right").click()
    expect(other.get_by_role("heading", name="Thank you")).to_be_visible()
    # The company is not in the directory, so no domain proves the address is the company's:
    # the supervisor's word puts the internship in the admins' review queue, not confirmed.
    expect(other.get_by_text("reviews it before it counts")).to_be_visible()
    screenshot(other, "internships-confirm-done-review")
    other.goto(link)  # single use
    assert other.get_by_text("You already confirmed this internship").is_visible()
    supervisor.close()

    page.reload()
    assert page.locator(".status-badge", has_text="Pending confirmation").is_visible()
    with live_db() as db:
        admin = factories.user_with_role("admin", full_name="Ada Admin")
        admin_email = admin.email
    reviewer = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True)
    phone = reviewer.new_page()
    sign_in(phone, admin_email)
    phone.goto(live_server + "/internships/all")
    phone.get_by_label("Status").select_option("review")
    phone.get_by_role("button", name="Filter").click()
    phone.wait_for_url(lambda url: "status=review" in url)  # the old list has the link too
    phone.get_by_role("link", name="Embedded Software Intern").click()
    expect(phone.get_by_text("Awaiting your review")).to_be_visible()
    expect(phone.get_by_text("mei.chan@harbour.example").first).to_be_visible()
    screenshot(phone, "internships-admin-review-phone")
    assert_accessible(phone)
    phone.get_by_role("button", name="Confirm this internship").click()
    expect(phone.locator(".status-badge", has_text="Confirmed")).to_be_visible()
    reviewer.close()
    with live_db() as db:
        assert db.session.scalar(select(Internship.status)) == "confirmed"


def test_company_completes_gives_feedback_and_student_reads_it(
        live_server, live_db, page, sign_in, browser):
    with live_db():
        for name in COMPETENCIES:
            factories.SkillFactory(name=name, kind="competency", cluster=None)
        factories.SkillFactory(name="Docker")
        member = factories.CompanyMemberFactory(user__full_name="Ada Member",
                                                company__name="Lumen Optics Ltd")
        position = factories.PositionFactory(company=member.company,
                                             title="Computer Vision Intern")
        factories.PositionSkillFactory(position=position, skill__name="Python",
                                       required_level=4)
        internship = factories.InternshipFactory(
            company=member.company, position=position, status="confirmed",
            title="Computer Vision Intern", student__user__full_name="Kit Tsang")
        company_email, student_email = member.user.email, internship.student.user.email
    sign_in(page, company_email)
    page.goto(live_server + "/internships/company")
    screenshot(page, "internships-company-list")
    page.get_by_role("link", name="Computer Vision Intern").click()
    page.get_by_role("button", name="Mark completed").click()
    confirm(page)  # the dialog asks first (issue 14)
    expect(page.locator(".status-badge", has_text="Completed")).to_be_visible()
    screenshot(page, "internships-detail-completed")
    page.get_by_role("link", name="Give skills feedback").click()
    expect(page.get_by_text("5 — Expert: sets direction, teaches others").first).to_be_visible()
    expected = page.locator("select[name^='rows-'][name$='-expected']")
    observed = page.locator("select[name^='rows-'][name$='-observed']")
    expect(expected).to_have_count(9)  # eight competencies + Python
    for i in range(expected.count()):
        expected.nth(i).select_option("4")
        observed.nth(i).select_option("3" if i % 2 else "4")
    page.get_by_label("Comment — Python").fill("Strong with NumPy, new to testing.")
    page.get_by_label("Added skill 1", exact=True).select_option(label="Docker")
    page.get_by_label("Expected level — added skill 1").select_option("3")
    page.get_by_label("Observed level — added skill 1").select_option("1")
    assert "+2" in page.locator("tr[data-gap-row]").nth(9).locator("output").inner_text()
    page.get_by_label("Overall comment").fill("A curious and careful intern.")
    page.get_by_label("Yes").check()
    screenshot(page, "feedback-form")
    assert_accessible(page)
    page.get_by_role("button", name="Submit feedback").click()
    expect(page.get_by_text("Feedback saved.")).to_be_visible()
    screenshot(page, "feedback-view-company")

    student = browser.new_context(viewport={"width": 1280, "height": 900})
    student_page = student.new_page()
    sign_in(student_page, student_email)
    student_page.goto(live_server + "/internships/mine")
    student_page.get_by_role("link", name="Read feedback").click()
    expect(student_page.get_by_text("A curious and careful intern.")).to_be_visible()
    expect(student_page.get_by_text("Strong with NumPy, new to testing.")).to_be_visible()
    expect(student_page.get_by_role("rowheader", name=re.compile("Docker"))).to_be_visible()
    screenshot(student_page, "feedback-view-student")
    assert_accessible(student_page)
    student.close()


def test_admin_lists_links_a_typed_company_and_sees_overdue_feedback(
        live_server, live_db, page, sign_in):
    from datetime import timedelta

    from foundry.models.base import utcnow

    with live_db():
        admin = factories.user_with_role("admin")
        factories.CompanyFactory(name="Harbour Robotics Limited")
        typed = factories.InternshipFactory(company=None, company_name="Harbour Robotics",
                                            status="pending", title="Typed Name Intern",
                                            supervisor_email="mei@harbour.example")
        factories.InternshipFactory(status="completed", title="Overdue Intern",
                                    completed_at=utcnow() - timedelta(days=30),
                                    company__name="Slow Feedback Ltd")
        email, typed_id = admin.email, typed.id
    sign_in(page, email)
    page.goto(live_server + "/internships/all")
    assert page.get_by_text("1 internship with overdue feedback").is_visible()
    screenshot(page, "internships-admin-list")
    assert_accessible(page)
    page.get_by_role("link", name="Typed Name Intern").click()
    page.get_by_label("Directory company").select_option(label="Harbour Robotics Limited")
    screenshot(page, "internships-admin-detail")
    assert_accessible(page)
    page.get_by_role("button", name="Link", exact=True).click()
    expect(page.get_by_text("Linked to Harbour Robotics Limited.")).to_be_visible()
    page.goto(live_server + "/feedback/overdue")
    assert page.get_by_role("cell", name="Slow Feedback Ltd").is_visible()
    screenshot(page, "feedback-overdue-admin")
    assert_accessible(page)
    with live_db() as db:
        linked = db.session.get(Internship, typed_id)
        assert linked.company.name == "Harbour Robotics Limited"
