"""Accounts in a real browser: a student signs up through the form; an invitation is accepted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from foundry.auth import tokens
from foundry.models import Consent, Invitation, OutboxMail
from foundry.models.base import utcnow
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot

STRONG = "violet-harbour-lantern-42"


def _campus():
    """Two universities with faculties and programmes, as on the real sign-up page."""
    cuhk = factories.UniversityFactory(code="CUHK", name="The Chinese University of Hong Kong")
    cuhk.domains[0].domain = "link.cuhk.edu.hk"
    engineering = factories.FacultyFactory(university=cuhk, name="Faculty of Engineering")
    factories.FacultyFactory(university=cuhk, name="Faculty of Science")
    factories.ProgrammeFactory(faculty=engineering, name="BEng Computer Engineering")
    hku = factories.UniversityFactory(code="HKU", name="The University of Hong Kong")
    hku.domains[0].domain = "connect.hku.hk"
    factories.FacultyFactory(university=hku, name="School of Computing and Data Science")


def _mailed_link(live_db, live_server, email: str) -> str:
    """The confirmation link of the newest mail to this address, on the live server."""
    with live_db() as db:
        mail = db.session.scalars(select(OutboxMail).where(OutboxMail.recipient == email)
                                  .order_by(OutboxMail.id.desc())).first()
        body = mail.body
    path = next(word for word in body.split() if "/verify/" in word).split("/", 3)[3]
    return f"{live_server}/{path}"


def _choose_password(page) -> None:
    """On the confirmation link's page: type the password and activate."""
    page.get_by_label("Password", exact=True).fill(STRONG)
    page.get_by_label("Repeat the password").fill(STRONG)
    page.get_by_role("button", name="Activate my account").click()


def _fill_signup(page, *, email: str) -> None:
    page.get_by_label("Full name").fill("Chan Tai Man")
    page.get_by_label("University e-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(STRONG)
    page.get_by_label("Repeat the password").fill(STRONG)
    page.get_by_label("Faculty or school").select_option(label="Faculty of Engineering")
    page.get_by_label("Programme (optional)").select_option(label="BEng Computer Engineering")
    page.get_by_label("Expected graduation date").fill("2026-06-30")
    page.get_by_label("Student number (optional)").fill("1155000001")


def test_student_signs_up_through_the_form(live_server, live_db, page, browser):
    with live_db():
        _campus()
    page.goto(live_server + "/signup")
    assert page.get_by_role("heading", name="Personal data notice").is_visible()
    # The static script narrows the faculties to the e-mail's university.
    page.get_by_label("University e-mail").fill("taiman.chan@link.cuhk.edu.hk")
    assert page.locator("#faculty_id option", has_text="School of Computing").is_hidden()
    screenshot(page, "auth-signup")
    assert_accessible(page)
    _fill_signup(page, email="taiman.chan@link.cuhk.edu.hk")
    page.get_by_role("button", name="Create account").click()
    # Consent was not ticked: the message sits by the box and what was typed is kept.
    expect(page.get_by_text("Please accept the personal data notice").first).to_be_visible()
    assert page.get_by_label("Full name").input_value() == "Chan Tai Man"
    screenshot(page, "auth-signup-errors")
    page.get_by_label("Password", exact=True).fill(STRONG)
    page.get_by_label("Repeat the password").fill(STRONG)
    page.get_by_label("I have read the personal data notice").check()
    page.get_by_role("button", name="Create account").click()
    # Not signed in yet: the address must be confirmed through the mailed link.
    page.wait_for_url(lambda url: url.endswith("/signup/check-inbox"))
    assert page.get_by_role("heading", name="Check your inbox").is_visible()
    assert page.get_by_label("E-mail").input_value() == "taiman.chan@link.cuhk.edu.hk"
    screenshot(page, "auth-signup-check-inbox")
    assert_accessible(page)
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill("taiman.chan@link.cuhk.edu.hk")
    page.get_by_label("Password").fill(STRONG)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Confirm your e-mail first")).to_be_visible()
    screenshot(page, "auth-login-unverified")
    assert_accessible(page)
    page.get_by_role("button", name="Send the confirmation link again").click()
    page.wait_for_url(lambda url: url.endswith("/signup/check-inbox"))
    assert page.get_by_text("a new link is on its way").is_visible()
    link = _mailed_link(live_db, live_server, "taiman.chan@link.cuhk.edu.hk")
    page.goto(link)
    # The link's page asks for the password: only the mailbox's owner sets the one that counts.
    assert page.get_by_role("heading", name="Confirm your e-mail").is_visible()
    screenshot(page, "auth-confirm-email")
    assert_accessible(page)
    _choose_password(page)
    page.wait_for_url(lambda url: url.endswith("/home"))
    assert page.get_by_text("Your e-mail address is confirmed. Welcome to Talent Foundry, "
                            "Chan Tai Man!").is_visible()
    screenshot(page, "auth-signup-home")
    # The link works once (opened again in another browser; a 410 is logged there on purpose).
    context = browser.new_context(locale="en-GB")
    other = context.new_page()
    try:
        assert other.goto(link).status == 410
        assert other.get_by_role("heading", name="This confirmation link cannot be used") \
            .is_visible()
        screenshot(other, "auth-verify-used")
        assert_accessible(other)
    finally:
        context.close()


def test_sign_up_works_without_javascript(live_server, live_db, browser):
    with live_db():
        _campus()
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server + "/signup")
        _fill_signup(page, email="mei@connect.hku.hk")  # an HKU address, a CUHK faculty
        page.get_by_label("I have read the personal data notice").check()
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_text("Choose a faculty of The University of Hong Kong")).to_be_visible()
        page.get_by_label("Password", exact=True).fill(STRONG)
        page.get_by_label("Repeat the password").fill(STRONG)
        page.get_by_label("Faculty or school").select_option(
            label="School of Computing and Data Science")
        page.get_by_label("Programme (optional)").select_option(label="—")
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url(lambda url: url.endswith("/signup/check-inbox"))
        page.goto(_mailed_link(live_db, live_server, "mei@connect.hku.hk"))
        _choose_password(page)
        page.wait_for_url(lambda url: url.endswith("/home"))
    finally:
        context.close()


@pytest.mark.parametrize("role", ["company", "dean"])
def test_invited_person_accepts(live_server, live_db, live_app, page, role):
    with live_db() as db:
        if role == "company":
            company = factories.CompanyFactory(name="Harbour BioLabs Limited")
            extra = {"company_id": company.id}
        else:
            faculty = factories.FacultyFactory(name="Faculty of Engineering",
                                               university__name="The University of Hong Kong",
                                               university__code="HKU")
            extra = {"university_id": faculty.university_id, "faculty_id": faculty.id}
        invitation = Invitation(email=f"new.{role}@example.hk", role=role,
                                expires_at=utcnow() + timedelta(days=7), **extra)
        db.session.add(invitation)
        db.session.flush()
        with live_app.test_request_context():
            token = tokens.make_token(tokens.INVITATION, {"i": invitation.id})
    page.goto(f"{live_server}/invitations/accept/{token}")
    assert page.get_by_role("heading", name="Join Talent Foundry").is_visible()
    screenshot(page, f"auth-accept-invitation-{role}")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Kit Cheung")
    page.get_by_label("Password", exact=True).fill(STRONG)
    page.get_by_label("Repeat the password").fill(STRONG)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(lambda url: url.endswith("/home"))
    assert page.get_by_text("Welcome to Talent Foundry, Kit Cheung!").is_visible()


def test_admin_invites_through_the_page(live_server, live_db, page, sign_in):
    with live_db():
        admin = factories.user_with_role("admin")
        factories.CompanyFactory(name="Lion Rock Fintech Limited")
        email = admin.email
    sign_in(page, email)
    page.goto(live_server + "/invitations")
    page.get_by_label("E-mail").fill("hr@lionrock.hk")
    page.get_by_label("Role").select_option(label="Company member")
    page.get_by_label("Company (for a company member)").select_option(
        label="Lion Rock Fintech Limited")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to hr@lionrock.hk.")).to_be_visible()
    expect(page.get_by_role("row", name="hr@lionrock.hk")).to_be_visible()
    screenshot(page, "auth-invitations")
    assert_accessible(page)


def test_password_and_consent_pages_are_accessible(live_server, live_db, page, sign_in):
    with live_db() as db:
        student = factories.user_with_role("student")
        db.session.add(Consent(user_id=student.id, notice_version="2020-01", given_at=utcnow()))
        email = student.email
    for path in ("/privacy", "/forgot"):
        page.goto(live_server + path)
        assert_accessible(page)
    sign_in(page, email)
    page.goto(live_server + "/home")
    assert page.url.startswith(live_server + "/consent")
    screenshot(page, "auth-consent")
    assert_accessible(page)
    page.get_by_label("I have read the personal data notice and agree.").check()
    page.get_by_role("button", name="Accept and continue").click()
    page.wait_for_url(lambda url: url.endswith("/home"))
    page.goto(live_server + "/password")
    screenshot(page, "auth-change-password")
    assert_accessible(page)
