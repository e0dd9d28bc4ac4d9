"""The Talent Pool journey in Chromium: a student finds a position with filters and applies with
a PDF; the company shortlists, interviews and offers; the student accepts; the internship is
confirmed."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests import factories
from tests.applications.helpers import pdf_bytes
from tests.browser.conftest import assert_accessible, confirm, fill_offer_terms, screenshot


def _data(live_db):
    with live_db():
        python = factories.SkillFactory(name="Python", kind="technical", cluster="fintech")
        sql = factories.SkillFactory(name="SQL", kind="technical", cluster="fintech")
        teamwork = factories.SkillFactory(name="Teamwork", kind="competency", cluster=None)
        company = factories.CompanyFactory(name="Harbour Ledger Limited", cluster="fintech")
        member = factories.CompanyMemberFactory(company=company,
                                                user__full_name="Grace Talent Lead").user
        position = factories.PositionFactory(
            company=company, title="Quant Research Intern", cluster="fintech",
            description="Model market microstructure with Python and SQL.",
            programme=factories.TalentProgrammeFactory(name="Global Internship Programme"),
            start_date=date.today() + timedelta(days=40),
            end_date=date.today() + timedelta(days=130))
        factories.PositionSkillFactory(position=position, skill=python, required_level=4)
        factories.PositionSkillFactory(position=position, skill=sql, required_level=3)
        factories.PositionSkillFactory(position=position, skill=teamwork, required_level=3)
        factories.PositionFactory(title="Robot Arm Intern", cluster="ai_robotics")
        factories.PositionFactory(title="Hidden Suspended Role", cluster="fintech",
                                  company__vetting_status="suspended")
        student = factories.StudentProfileFactory(user__full_name="Ada Student")
        factories.StudentSkillFactory(student_id=student.id, skill=python, level=4)
        factories.StudentSkillFactory(student_id=student.id, skill=sql, level=2)
        return student.user.email, member.email, position.id


def test_apply_shortlist_offer_accept(live_server, live_db, page, sign_in, browser):
    student_email, member_email, position_id = _data(live_db)

    # The student filters the pool by cluster and programme and finds the position.
    sign_in(page, student_email)
    page.goto(live_server + "/positions")
    page.get_by_label("Cluster").select_option("fintech")
    page.get_by_label("Programme or event").select_option("Global Internship Programme")
    page.get_by_role("button", name="Show positions").click()
    expect(page).to_have_url(re.compile(r"cluster=fintech"))
    expect(page.get_by_role("heading", name="1 position")).to_be_visible()
    expect(page.get_by_text("Robot Arm Intern")).to_have_count(0)
    expect(page.get_by_text("Hidden Suspended Role")).to_have_count(0)
    screenshot(page, "talent-pool")
    assert_accessible(page)

    page.get_by_role("link", name="Quant Research Intern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quant Research Intern")
    skills = page.get_by_role("table")
    expect(skills.get_by_role("row", name=re.compile("Python"))).to_contain_text("Met")
    expect(skills.get_by_role("row", name=re.compile("SQL"))).to_contain_text("Below by 1")
    expect(skills.get_by_role("row", name=re.compile("Teamwork"))).to_contain_text("Missing")

    # A renamed non-PDF is refused by the field; the note is kept.
    page.get_by_label("Note to the company").fill("I love market data.")
    page.get_by_label("CV (PDF)").set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a not a pdf"})
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("must be a PDF document")).to_be_visible()
    expect(page.get_by_label("Note to the company")).to_have_value("I love market data.")
    page.get_by_label("CV (PDF)").set_input_files(
        {"name": "Ada CV.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
    screenshot(page, "position-page")
    assert_accessible(page)
    page.get_by_role("button", name="Send application").click()
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    expect(page.get_by_text("Your application was sent")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Quant Research Intern"))).to_contain_text(
        "Submitted")

    # The company shortlists from the pipeline (bulk), then interviews and offers.
    company_context = browser.new_context(viewport={"width": 1280, "height": 900})
    company_page = company_context.new_page()
    sign_in(company_page, member_email)
    company_page.goto(live_server + "/company/applicants")
    company_page.get_by_label("Select Ada Student").check()
    company_page.get_by_role("button", name="Shortlist selected").click()
    expect(company_page.get_by_text("1 applicant(s) moved to Shortlisted")).to_be_visible()
    screenshot(company_page, "pipeline")
    assert_accessible(company_page)
    company_page.get_by_role("link", name="Ada Student").click()
    expect(company_page.get_by_text("I love market data.")).to_be_visible()
    with company_page.expect_download() as download:
        company_page.get_by_role("link", name=re.compile("Download CV")).click()
    assert download.value.suggested_filename == "Ada_CV.pdf"
    company_page.get_by_role("button", name=re.compile("Invite to interview")).click()
    fill_offer_terms(company_page)
    company_page.get_by_role("button", name=re.compile("Make an offer")).click()
    confirm(company_page)  # the dialog asks first (issue 14)
    expect(company_page.get_by_text("Offer sent to Ada Student")).to_be_visible()
    screenshot(company_page, "application-detail")
    assert_accessible(company_page)
    company_context.close()

    # The student sees the offer (with a notification) and accepts it.
    page.goto(live_server + "/me/applications")
    expect(page.locator("a[href='/notifications']")).to_contain_text("unread")
    row = page.get_by_role("row", name=re.compile("Quant Research Intern"))
    expect(row).to_contain_text("Offered")
    row.get_by_role("button", name=re.compile("Accept offer")).click()
    confirm(page)  # the dialog asks first (issue 14)
    expect(page.get_by_text("Your internship at Harbour Ledger Limited is confirmed")
           ).to_be_visible()
    expect(row).to_contain_text("Accepted")
    expect(row).to_contain_text("Internship: Confirmed")
    screenshot(page, "my-applications")
    assert_accessible(page)
    page.goto(live_server + "/home")
    expect(page.get_by_text("Confirmed").first).to_be_visible()
    assert position_id


def test_company_publishes_and_admin_vets(live_server, live_db, page, sign_in, browser):
    with live_db():
        factories.SkillFactory(name="Verilog", cluster="microelectronics")
        member = factories.CompanyMemberFactory(
            company__name="Pearl Chips Limited", company__vetting_status="pending").user
        admin = factories.UserFactory(role="admin")
        student = factories.StudentProfileFactory().user
        member_email, admin_email, student_email = member.email, admin.email, student.email

    # A pending company may not publish yet: it is told why.
    sign_in(page, member_email)
    page.goto(live_server + "/company/positions/new")
    expect(page.get_by_text("awaiting verification")).to_be_visible()

    # The admin finds the company and verifies it.
    admin_context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin_page = admin_context.new_page()
    sign_in(admin_page, admin_email)
    admin_page.goto(live_server + "/admin/companies?status=pending")
    screenshot(admin_page, "admin-companies")
    assert_accessible(admin_page)
    admin_page.get_by_role("button", name="Verify Pearl Chips Limited").click()
    confirm(admin_page)  # the dialog asks first (issue 14)
    expect(admin_page.get_by_text("Pearl Chips Limited is now Verified")).to_be_visible()

    # The company drafts a position; bad input comes back by the field, values kept.
    page.goto(live_server + "/company/positions/new")
    page.get_by_label("Title").fill("Chip Design Intern")
    page.get_by_label("Description").fill("Tape out a RISC-V core.")
    page.get_by_label("Pay from (HKD)").fill("15000")
    page.get_by_label("Pay up to (HKD)").fill("9000")
    page.get_by_role("button", name="Save position").click()
    expect(page.get_by_text("Pay up to must be at least the pay from amount.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Chip Design Intern")
    screenshot(page, "position-form-errors")
    assert_accessible(page)
    page.get_by_label("Pay up to (HKD)").fill("18000")
    page.locator("#skills-0-skill_id").select_option(label="Verilog")
    page.locator("#skills-0-level").select_option("4")
    page.get_by_role("button", name="Save position").click()
    expect(page.get_by_text("Position saved as a draft")).to_be_visible()
    screenshot(page, "company-positions")

    # Now the position opens and students see it.
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_text("Position opened")).to_be_visible()
    student_context = browser.new_context(viewport={"width": 1280, "height": 900})
    student_page = student_context.new_page()
    sign_in(student_page, student_email)
    student_page.goto(live_server + "/positions?q=chip")
    expect(student_page.get_by_role("link", name="Chip Design Intern")).to_be_visible()

    # Suspended with a reason: the position disappears and the company is refused.
    admin_page.goto(live_server + "/admin/companies?q=pearl")
    admin_page.get_by_label("Reason for suspending Pearl Chips Limited").fill("Lease ended")
    admin_page.get_by_role("button", name="Suspend").click()
    confirm(admin_page)  # the dialog asks first (issue 14)
    expect(admin_page.get_by_text("Pearl Chips Limited is now Suspended")).to_be_visible()
    admin_context.close()
    student_page.goto(live_server + "/positions?q=chip")
    expect(student_page.get_by_role("link", name="Chip Design Intern")).to_have_count(0)
    student_page.goto(live_server + "/me/skills")
    screenshot(student_page, "my-skills")
    assert_accessible(student_page)
    student_page.get_by_label("Verilog").select_option("3")
    student_page.get_by_role("button", name="Save my skills").click()
    expect(student_page.get_by_text("Your skills are saved.")).to_be_visible()
    student_context.close()
    # Suspended: the company's pages of applicants and positions give way to the notice, with
    # the reason (security finding 11: no personal data while suspended).
    page.goto(live_server + "/home")
    expect(page.get_by_role("heading", name="Your company is suspended")).to_be_visible()
    expect(page.get_by_text("Lease ended")).to_be_visible()


def test_phone_shows_positions_first_and_filters_on_demand(live_server, live_db, browser,
                                                          sign_in):
    """At 390 px the filters fold behind a "Filters" button, so the first screen shows positions
    (the ten fields used to fill it); the button opens them and a filter still works."""
    from tests.browser.test_phone_width import PHONE

    email, _company, _position = _data(live_db)
    context = browser.new_context(**PHONE, locale="en-GB")
    page = context.new_page()
    sign_in(page, email)
    page.goto(live_server + "/positions")
    first = page.locator("main article h3 a").first
    assert first.bounding_box()["y"] + first.bounding_box()["height"] < PHONE["viewport"]["height"]
    search = page.get_by_label("Search title, company, skills or description")
    expect(search).to_be_hidden()
    page.get_by_role("button", name="Filters").click()
    expect(search).to_be_visible()
    # Bootstrap's collapse is open once its transition has ended ("collapsing" → "show"):
    # a click during the transition can land on the moving form on a busy machine.
    expect(page.locator("#pool-filters")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    search.fill("robot")
    page.get_by_role("button", name="Show positions").click()
    page.wait_for_url(re.compile(r"[?&]q=robot"))
    expect(page.locator("main article h3 a")).to_have_text(["Robot Arm Intern"])
    screenshot(page, "talent-pool-phone")
    context.close()
