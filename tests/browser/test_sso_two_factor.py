"""In Chromium: a student signs in through their university's provider (a real OIDC provider on
loopback); a dean enrols TOTP, signs in with a code, then with a recovery code; a bad code is
throttled."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from foundry.models import UniversityDomain
from foundry.sso.providers import save_provider
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD
from tests.twofactor.helpers import code


@pytest.fixture()
def page(browser, live_db, oidc):
    """As the shared `page` fixture, but the test provider's own pages (which link a stylesheet
    from the internet and have no favicon) may fail to load things, and a refused sign-in is
    a 403 page on purpose (as a wrong code is a 422 and a throttled one a 429): only other
    errors count."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    errors: list[str] = []

    def console(message):
        where = (message.location or {}).get("url", "")
        if message.type == "error" and not where.startswith(oidc.url) \
                and "ERR_NAME_NOT_RESOLVED" not in message.text \
                and not ("/sso/callback" in where and "403" in message.text) \
                and not ("/login/code" in where and ("429" in message.text
                                                     or "422" in message.text)) \
                and not new_page.url.startswith(oidc.url):
            errors.append(f"{message.text} at {where}")

    new_page.on("console", console)
    new_page.on("pageerror", lambda e: errors.append(str(e)))
    yield new_page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture()
def live_sso(live_app, live_server, live_db, oidc, monkeypatch):
    """The live app's university connected to the provider; returns a student of it."""
    monkeypatch.setitem(live_app.config, "BASE_URL", live_server)  # the registered callback
    oidc.tamper.clear()
    with live_db() as db:
        university = factories.UniversityFactory(code="UNI", name="Test University", domains=[])
        university.domains.append(UniversityDomain(domain="uni.edu.hk"))
        faculty = factories.FacultyFactory(university=university, name="Faculty of Engineering")
        student = factories.StudentProfileFactory(
            faculty=faculty, user=factories.UserFactory(
                role="student", email="ka.ho@uni.edu.hk", full_name="Ka Ho Wong")).user
        admin = factories.UserFactory(role="admin")
        db.session.flush()
        with live_app.test_request_context():
            save_provider(provider=None, by=admin, name="Test University",
                          university_id=university.id, discovery_url=oidc.discovery_url,
                          client_id="talent-foundry", client_secret="browser-secret",
                          email_claim="email", student_number_claim=None,
                          passwords_allowed=False, staff_domains="", enabled=True)
        email = student.email
    return email


def test_a_student_signs_in_through_the_university(page, live_server, oidc, live_sso):
    oidc.set_user("kaho", email=live_sso, email_verified=True, name="Ka Ho Wong")
    page.goto(live_server + "/login")
    screenshot(page, "sso-login")
    page.get_by_role("link", name="Sign in with Test University").click()
    page.wait_for_url(re.compile(r"localhost:\d+/oauth2/authorize"))
    page.locator("input[name=sub]").fill("kaho")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(live_server + "/home")
    assert "Ka Ho" in page.content()


def test_a_refused_sign_in_says_why(page, live_server, oidc, live_sso):
    oidc.set_user("outsider", email="someone@gmail.com", email_verified=True)
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Sign in with Test University").click()
    page.locator("input[name=sub]").fill("outsider")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(r"/sso/callback"))
    assert "is not an address of Test University" in page.get_by_test_id("sso-refused").inner_text()
    assert_accessible(page)


def _password(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page):
    page.locator("a.dropdown-toggle .nav-user-name").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$|/login"))


def test_a_dean_enrols_then_signs_in_with_a_code_and_a_recovery_code(
        page, live_app, live_server, live_db, monkeypatch):
    monkeypatch.setitem(live_app.config, "TWO_FACTOR_REQUIRED_ROLES", ("dean", "admin"))
    with live_db():
        email = factories.user_with_role("dean").email
    _password(page, live_server, email)
    page.wait_for_url(re.compile(r"/account/two-factor/setup"))
    assert page.get_by_role("img", name=re.compile("QR code")).is_visible()
    screenshot(page, "2fa-setup")
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.get_by_label("6-digit code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    recovery_codes = page.get_by_test_id("recovery-codes").locator("code")
    expect(recovery_codes).to_have_count(10)
    codes = recovery_codes.all_inner_texts()
    screenshot(page, "2fa-recovery-codes")
    page.get_by_role("link", name="I have saved them").click()
    page.goto(live_server + "/home")
    assert "/home" in page.url
    _sign_out(page)

    # With a code from the app (the next one: the enrolment's cannot be used twice).
    _password(page, live_server, email)
    page.wait_for_url(re.compile(r"/login/code"))
    assert_accessible(page)
    screenshot(page, "2fa-code")
    page.get_by_label("Code", exact=True).fill(code(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/home"))
    _sign_out(page)

    # With a recovery code.
    _password(page, live_server, email)
    page.wait_for_url(re.compile(r"/login/code"))
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/home"))
    assert "9 left" in page.content()
    _sign_out(page)

    # Bad codes are throttled.
    _password(page, live_server, email)
    page.wait_for_url(re.compile(r"/login/code"))
    for _attempt in range(5):
        page.get_by_label("Code", exact=True).fill("000000")
        # the POST answers on the same URL, with the same message after the first attempt:
        # wait for the new page itself, or the next code is typed into the old one
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
        expect(page.get_by_text("That code is not right")).to_be_visible()
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Too many")).to_be_visible()
    screenshot(page, "2fa-throttled")
