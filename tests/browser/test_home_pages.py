"""Each role signs in through the real form in Chromium and sees its own home page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import screenshot


@pytest.mark.parametrize("role", ["student", "company", "dean", "admin"])
def test_role_signs_in_and_sees_home(live_server, live_db, page, sign_in, role):
    with live_db():
        user = factories.user_with_role(role)
        if role == "student":
            factories.ApplicationFactory(student=user.student, position__title="Vision Intern")
            expected = "Vision Intern"
        elif role == "company":
            factories.PositionFactory(company=user.membership.company, title="FPGA Engineer")
            expected = "FPGA Engineer"
        elif role == "dean":
            expected = user.dean_assignment.university.name
        else:
            expected = "Programme overview"
        email = user.email
    sign_in(page, email)
    assert page.url.endswith("/home")
    assert page.get_by_text(expected).first.is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main#main").count() == 1
    screenshot(page, f"home-{role}")


def test_wrong_password_keeps_email_and_explains(live_server, live_db, page):
    with live_db():
        email = factories.user_with_role("student").email
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("not-the-right-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("The e-mail or password is not right.")).to_be_visible()
    assert "/login" in page.url
    assert page.get_by_label("E-mail").input_value() == email
