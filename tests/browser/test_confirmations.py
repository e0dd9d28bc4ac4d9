"""Irreversible steps ask first in an accessible dialog (not window.confirm), and a withdrawal
can be undone from the same page."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import Application
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot


def _student_with_application(live_db):
    with live_db() as db:
        user = factories.user_with_role("student")
        application = factories.ApplicationFactory(student=user.student)
        db.session.flush()
        return user.email, application.id, application.position.title


def _status(live_db, application_id):
    with live_db() as db:
        return db.session.scalar(select(Application.status)
                                 .where(Application.id == application_id))


def test_withdraw_asks_in_a_dialog_and_can_be_undone(live_server, live_db, page, sign_in):
    email, application_id, title = _student_with_application(live_db)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, email)
    page.goto(live_server + "/me/applications")
    page.get_by_role("button", name=f"Withdraw — {title}").click()
    dialog = page.get_by_role("dialog", name="Are you sure?")
    dialog.wait_for(state="visible")
    assert f"Withdraw your application for {title}?" in dialog.inner_text()
    page.wait_for_function("() => document.activeElement.hasAttribute('data-confirm-cancel')")
    assert_accessible(page)
    screenshot(page, "confirm-withdraw")
    page.keyboard.press("Escape")  # Escape cancels
    dialog.wait_for(state="hidden")
    assert _status(live_db, application_id) == "submitted"

    page.get_by_role("button", name=f"Withdraw — {title}").click()
    dialog.get_by_role("button", name="Withdraw").click()
    # the POST redirects back to this URL: wait for its result (the dialog says "You can undo
    # this" too, so the flash's own words)
    page.get_by_text("Application withdrawn. You can undo this").wait_for()
    assert _status(live_db, application_id) == "withdrawn"

    page.get_by_role("button", name=f"Undo withdrawal — {title}").click()
    page.get_by_text("Withdrawal undone").wait_for()
    assert _status(live_db, application_id) == "submitted"
    assert dialogs == []  # never a browser confirm()


def test_cancel_leaves_the_application_alone(live_server, live_db, page, sign_in):
    email, application_id, title = _student_with_application(live_db)
    sign_in(page, email)
    page.goto(live_server + "/me/applications")
    page.get_by_role("button", name=f"Withdraw — {title}").click()
    dialog = page.get_by_role("dialog", name="Are you sure?")
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="hidden")
    page.reload()
    assert _status(live_db, application_id) == "submitted"
