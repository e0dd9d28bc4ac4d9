"""The Global Internship Programme in Chromium: an overseas student signs up, verifies, applies
with three ranked preferences and sees the stage; two reviewers score; the admin longlists and
forwards in bulk; the company interviews and offers; the applicant accepts and an internship
exists; the programme report shows the funnel by origin."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from foundry.models import Internship, OutboxMail
from tests import factories
from tests.applications.helpers import pdf_bytes
from tests.auth.helpers import STRONG
from tests.browser.conftest import assert_accessible, confirm, fill_offer_terms, screenshot

EMAIL = "amelia.smith@student.example.ac.uk"


def _data(live_db):
    with live_db():
        programme = factories.TalentProgrammeFactory(name="Global Internship Programme 2027")
        python = factories.SkillFactory(name="Python")
        first = factories.CompanyFactory(name="Pearl Bio Limited", cluster="healthtech")
        other = factories.CompanyFactory(name="Harbour AI Limited")
        member = factories.CompanyMemberFactory(company=first,
                                                user__full_name="Grace Hiring").user
        factories.CompanyMemberFactory(company=other)
        titles = ("Bioinformatics Intern", "Vision Intern", "Quant Intern", "Robotics Intern")
        for i, title in enumerate(titles):
            position = factories.PositionFactory(
                company=first if i == 0 else other, title=title, audience="open",
                programme=programme, cluster="healthtech" if i == 0 else "ai_robotics")
            factories.PositionSkillFactory(position=position, skill=python)
        factories.PositionFactory(title="Partner Only Intern", audience="partner",
                                  programme=programme)
        rita = factories.UserFactory(role="reviewer", full_name="Rita Reviewer")
        admin = factories.UserFactory(role="admin", full_name="Adam Admin")
        for user in (rita, admin):
            factories.ProgrammeReviewerFactory(programme=programme, user=user)
        return programme.id, member.email, rita.email, admin.email


def _verification_link(live_db) -> str:
    with live_db() as db:
        mail = db.session.scalars(select(OutboxMail).where(OutboxMail.recipient == EMAIL)
                                  .order_by(OutboxMail.id.desc())).first()
        return "/" + re.search(r"https?://\S+", mail.body).group(0).split("/", 3)[3]


def test_gip_selection_cycle(live_server, live_db, page, sign_in, browser):
    programme_id, member_email, rita_email, admin_email = _data(live_db)

    # An overseas student signs up with any e-mail and confirms it from the mailed link.
    page.goto(live_server + "/signup/talent")
    page.get_by_label("Full name").fill("Amelia Smith")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(STRONG)
    page.get_by_label("Repeat the password").fill(STRONG)
    page.get_by_label("University or employer", exact=True).fill("University of Manchester")
    page.get_by_label("Country or region of your university or employer").select_option("GB")
    page.get_by_label("Where you live now (city, country)").fill("Manchester, UK")
    page.get_by_label("Highest degree (studying or completed)").select_option("master")
    page.get_by_label("Field of study").fill("Bioinformatics")
    page.get_by_label("Graduation date (expected or past)").fill("2027-06-30")
    page.get_by_label("Yes, I would need a visa to work in Hong Kong").check()
    page.get_by_label(re.compile("I have read the personal data notice")).check()
    screenshot(page, "gip-signup")
    assert_accessible(page)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile("/signup/check-inbox"))
    page.goto(live_server + _verification_link(live_db))
    page.get_by_label("Password", exact=True).fill(STRONG)  # typed again on the link's page
    page.get_by_label("Repeat the password").fill(STRONG)
    page.get_by_role("button", name="Activate my account").click()
    expect(page).to_have_url(re.compile("/home"))
    expect(page.get_by_text("University of Manchester")).to_be_visible()

    # They apply to GIP with three ranked preferences (partner-only positions are not offered).
    page.get_by_role("link", name=re.compile("^Apply")).click()
    choice = page.get_by_label("Choice 1")
    expect(choice.locator("option", has_text="Partner Only Intern")).to_have_count(0)
    choice.select_option(label="Bioinformatics Intern — Pearl Bio Limited")
    page.get_by_label("Choice 2").select_option(label="Vision Intern — Harbour AI Limited")
    page.get_by_label("Choice 3").select_option(label="Quant Intern — Harbour AI Limited")
    page.get_by_label("Personal statement").fill("I want to bring genomics to Hong Kong.")
    page.get_by_label("CV (PDF)").set_input_files(
        {"name": "Amelia CV.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
    page.get_by_label("Available from").fill("2027-06-01")
    page.get_by_label("Available until").fill("2027-08-31")
    page.get_by_role("button", name="Submit my application").click()
    expect(page.get_by_text("Your application to Global Internship Programme 2027 was "
                            "submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Your application"))).to_contain_text(
        "Submitted")
    screenshot(page, "gip-application")
    assert_accessible(page)

    # Two reviewers score it on the rubric.
    for email, scores in ((rita_email, ("4", "5", "4")), (admin_email, ("3", "4", "5"))):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        reviewer = context.new_page()
        sign_in(reviewer, email)
        reviewer.goto(live_server + "/reviews")
        reviewer.get_by_role("link", name="Amelia Smith").click()
        for criterion, score in zip(("Academic record", "Motivation", "Skills fit"), scores,
                                    strict=True):
            reviewer.get_by_label(criterion).select_option(score)
        reviewer.get_by_role("button", name="Save my review").click()
        expect(reviewer.get_by_text("Your review was saved.")).to_be_visible()
        screenshot(reviewer, "gip-review")
        assert_accessible(reviewer)
        context.close()

    # The admin filters the pool, longlists and forwards in bulk.
    admin_context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin_page = admin_context.new_page()
    sign_in(admin_page, admin_email)
    admin_page.goto(f"{live_server}/admin/programmes/{programme_id}/screening")
    admin_page.get_by_label("Origin").select_option("overseas")
    admin_page.get_by_role("button", name="Filter").click()
    admin_page.wait_for_url(lambda url: "origin=overseas" in url)  # the old list has her too
    row = admin_page.get_by_role("row", name=re.compile("Amelia Smith"))
    expect(row).to_contain_text("4.17")
    expect(row).to_contain_text("2/2")
    screenshot(admin_page, "gip-screening")
    assert_accessible(admin_page)
    for action in ("screened", "forwarded"):
        admin_page.get_by_label("Select Amelia Smith").check()
        admin_page.get_by_label("Move to").select_option(action)
        admin_page.get_by_role("button", name="Apply to selected").click()
        expect(admin_page.get_by_text("1 application(s) moved to")).to_be_visible()
    expect(admin_page.get_by_role("row", name=re.compile("Amelia Smith"))).to_contain_text(
        "Forwarded to companies")

    # The first choice's company interviews and offers; it sees origin and visa need.
    company_context = browser.new_context(viewport={"width": 1280, "height": 900})
    company = company_context.new_page()
    sign_in(company, member_email)
    company.goto(live_server + "/company/applicants")
    expect(company.get_by_role("row", name=re.compile("Amelia Smith"))).to_contain_text(
        "Global Internship Programme 2027")
    company.get_by_role("link", name="Amelia Smith").click()
    expect(company.get_by_text("Needs a Hong Kong visa")).to_be_visible()
    for button in ("Shortlist", "Invite to interview"):
        company.get_by_role("button", name=re.compile(button)).click()
    fill_offer_terms(company)
    company.get_by_role("button", name=re.compile("Make an offer")).click()
    confirm(company)  # making an offer asks first (issue 14)
    expect(company.get_by_text("Offer sent to Amelia Smith")).to_be_visible()
    company_context.close()

    # The applicant sees the stage, accepts the offer: an internship exists.
    page.goto(f"{live_server}/programmes/{programme_id}/application")
    expect(page.get_by_role("heading", name=re.compile("Your application"))).to_contain_text(
        "Offered")
    page.goto(live_server + "/me/applications")
    row = page.get_by_role("row", name=re.compile("Bioinformatics Intern"))
    row.get_by_role("button", name=re.compile("Accept offer")).click()
    confirm(page)
    expect(page.get_by_text("Your internship at Pearl Bio Limited is confirmed")).to_be_visible()
    with live_db() as db:
        internship = db.session.scalar(select(Internship))
        assert internship is not None and internship.title == "Bioinformatics Intern"

    # The programme report shows the funnel by origin.
    admin_page.goto(f"{live_server}/admin/programmes/{programme_id}/report")
    overseas = admin_page.locator("section[aria-labelledby=origin-h] tr", has_text="Overseas")
    expect(overseas).to_be_visible()
    expect(overseas.locator("td").nth(5)).to_have_text("1")  # accepted
    expect(admin_page.locator("#places")).to_contain_text("1 / 30")
    screenshot(admin_page, "gip-report")
    assert_accessible(admin_page)
    admin_context.close()
