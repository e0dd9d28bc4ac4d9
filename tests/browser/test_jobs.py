"""Background work in the browser: an import whose rows are checked and applied by a worker
(the page shows progress, reloads itself, survives a reload), and the admin's outgoing-mail
page with a resend that a real SMTP server receives. Screenshots at 1280 and 390 px, en and
繁體中文."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from foundry.imports import jobs
from foundry.models import ImportJob, OutboxMail
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_admin import GOOD, _write, admin_and_university  # noqa: F401
from tests.jobs.conftest import smtp_server  # noqa: F401


@pytest.fixture()
def worker_later(monkeypatch):
    """Tasks are queued but wait for the test to play the worker."""
    monkeypatch.setattr(jobs, "enqueue", lambda name, *args: None)


def _job_id(live_db) -> int:
    with live_db() as db:
        return db.session.scalar(select(ImportJob.id))


def test_import_progress_reloads_into_the_preview_and_the_result(
        live_server, live_db, page, sign_in, admin_and_university, tmp_path,  # noqa: F811
        worker_later):
    email, university_id = admin_and_university
    sign_in(page, email)
    page.goto(live_server + "/imports/")
    page.get_by_label("What the file holds").select_option("students")
    page.get_by_label("University").select_option(str(university_id))
    page.get_by_label("CSV file (UTF-8, up to 20 MB)").set_input_files(
        str(_write(tmp_path, "registrar.csv", GOOD)))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/imports/preview/**")
    assert page.get_by_role("progressbar").is_visible()
    screenshot(page, "import-checking")
    assert_accessible(page)
    page.reload()  # the job is still there after a reload
    assert "Checking every row of the file" in page.inner_text("main")
    with live_db():
        jobs.validate_job(_job_id(live_db))  # the worker does its work
    page.get_by_role("button", name="Apply the import (2 changes)").wait_for()
    page.get_by_role("button", name="Apply the import (2 changes)").click()
    # the POST redirects back to this URL: wait for its result
    page.get_by_text("Applying the import").wait_for()
    screenshot(page, "import-applying")
    with live_db():
        jobs.apply_job(_job_id(live_db))
    page.get_by_text("Import applied: 2 created, 0 updated, 0 unchanged.").wait_for()
    screenshot(page, "import-applied")


@pytest.mark.parametrize("locale", ["en", "zh_Hant"])
@pytest.mark.parametrize("width", [1280, 390])
def test_admin_sees_failed_mail_and_resends_it(live_app, live_server, live_db, browser, sign_in,
                                               monkeypatch, smtp_server, locale,  # noqa: F811
                                               width):
    inbox, port = smtp_server
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                       "MAIL_TIMEOUT": 5}.items():
        monkeypatch.setitem(live_app.config, key, value)
    with live_db():
        factories.UserFactory(role="admin", email="ada@hkstp.example", locale=locale)
        OutboxMail.metadata  # noqa: B018 — the model is loaded
        from foundry.extensions import db

        db.session.add(OutboxMail(
            recipient="mei.chan@connect.ust.hk", subject="Your invitation to Talent Foundry",
            body="Hello", status="failed", attempts=5,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused"))
    context = browser.new_context(viewport={"width": width, "height": 844},
                                  is_mobile=width < 500, has_touch=width < 500,
                                  locale="en-GB")  # the admin's profile picks the language
    page = context.new_page()
    try:
        sign_in(page, "ada@hkstp.example")
        page.goto(live_server + "/admin/mail")
        assert "mei.chan@connect.ust.hk" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        screenshot(page, f"admin-mail-{width}-{locale}")
        assert_accessible(page)
        page.locator("#mail-table button").first.click()
        page.wait_for_url(lambda url: url.endswith("/admin/mail?status=failed"))
        assert len(inbox.to("mei.chan@connect.ust.hk")) == 1
        screenshot(page, f"admin-mail-resent-{width}-{locale}")
    finally:
        context.close()
