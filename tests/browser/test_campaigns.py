"""In Chromium: a dean starts a campaign for one faculty's cohort; a graduate without an
account opens the mailed link (read from the outbox) and answers without signing in; the
dean's progress and knowledge rate move; a reminder goes only to those who did not answer;
the company confirms its employee; the report prints on A4 and its CSV matches the page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from foundry.campaigns import services
from foundry.models import OutboxMail
from foundry.models.base import utcnow
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot


def _mails(email: str) -> list[OutboxMail]:
    from foundry.extensions import db

    return db.session.scalars(select(OutboxMail).where(OutboxMail.recipient == email)
                              .order_by(OutboxMail.id)).all()


def test_campaign_journey(live_server, live_app, live_db, page, sign_in, switch_user):
    """The whole campaign, as its users see it."""
    live_app.config["BASE_URL"] = live_server
    with live_db():
        hkust = factories.UniversityFactory(code="HKUST", name="HKUST")
        engineering = factories.FacultyFactory(university=hkust, name="School of Engineering")
        science = factories.FacultyFactory(university=hkust, name="School of Science")
        graduated = date.today() - timedelta(days=60)
        graduates = [factories.StudentProfileFactory(
            faculty=engineering, expected_graduation=graduated,
            user__full_name=f"Engineer {i}") for i in range(12)]
        graduates[0].user.password_hash = None  # imported by the registrar: no account yet
        for g in graduates[6:]:
            factories.GraduateOutcomeFactory(student=g, source="faculty",
                                             outcome_date=date.today())
        factories.StudentProfileFactory(faculty=science, expected_graduation=graduated)
        member = factories.CompanyMemberFactory(
            company__name="Pak Shek Kok Robotics Limited")
        dean = factories.DeanAssignmentFactory(university=hkust).user
        emails = {"graduate": graduates[0].user.email, "dean": dean.email,
                  "company": member.user.email,
                  "others": [g.user.email for g in graduates[1:]]}
        cohort, faculty_id = graduates[0].cohort_year, engineering.id

    sign_in(page, emails["dean"])
    page.get_by_role("link", name="Surveys").click()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Faculty").select_option(label="School of Engineering")
    page.get_by_label("Opens on").fill(date.today().isoformat())
    page.get_by_label("Closes on").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Create campaign").click()
    expect(page.locator("#tile-graduates")).to_have_text("12")
    expect(page.locator("#knowledge-rate")).to_have_text("50.0 %")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("The invitations are being sent")).to_be_visible()
    expect(page.locator("#tile-invited")).to_have_text("12")
    screenshot(page, "campaign-progress-sent")
    assert_accessible(page)

    with live_db():
        body = _mails(emails["graduate"])[0].body
    link = re.search(r"https?://\S+/survey/\S+", body).group(0)
    assert link.startswith(live_server) and "/opt-out" not in link
    page.goto("about:blank")  # sign the dean out, as in switch_user
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="Where are you now?")).to_be_visible()
    page.get_by_label("Employed full-time (30+ h/week)").check()
    page.get_by_label("Employer from the directory").select_option(
        label="Pak Shek Kok Robotics Limited")
    page.get_by_label("Job title, role or programme of study").fill("Robotics Engineer")
    page.get_by_label("Location").select_option(label="Hong Kong")
    assert_accessible(page)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Thank you: your answer is recorded")).to_be_visible()

    switch_user(page, emails["dean"])
    page.get_by_role("link", name="Surveys").click()
    page.get_by_role("link", name=re.compile("First-destination survey")).click()
    expect(page.locator("#tile-answered")).to_have_text("1")
    expect(page.locator("#tile-opened")).to_have_text("1")
    expect(page.locator("#knowledge-rate")).to_have_text("58.3 %")

    with live_db():
        later = (utcnow() + timedelta(days=8)).isoformat()
        assert services.send_due_reminders(now=later) == 11
        assert len(_mails(emails["graduate"])) == 1
        assert all(len(_mails(e)) == 2 for e in emails["others"])

    switch_user(page, emails["company"])
    page.goto(live_server + "/employment/")
    row = page.locator("tr", has_text="Engineer 0")
    row.get_by_role("button", name="Confirm").click()
    expect(page.locator("tr", has_text="Engineer 0").get_by_text("Confirmed")).to_be_visible()

    switch_user(page, emails["dean"])
    page.goto(f"{live_server}/reports/first-destination?cohort={cohort}"
              f"&faculty={faculty_id}")
    expect(page.get_by_role("heading", name="First-destination report")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "campaign-report")
    cells = [c.strip() for c in page.locator("main table td").all_inner_texts()]
    response = page.request.get(f"{live_server}/reports/first-destination.csv?cohort={cohort}"
                                f"&faculty={faculty_id}")
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
    flat = {c for r in rows for c in r}
    for cell in cells:
        plain = cell.replace(" %", "").replace("HKD ", "").replace(",", "").replace("–", "")
        assert cell in flat or plain in flat, cell
    page.emulate_media(media="print")
    assert page.locator("nav.navbar").first.is_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2
                         for w, h in boxes)
