"""The dean's programme menu follows the faculty as soon as the faculty changes."""

from __future__ import annotations

from tests import factories
from tests.dashboards.cohort import build_cohort


def test_programme_list_follows_the_faculty(live_server, live_db, page, sign_in):
    with live_db():
        data = build_cohort()
        eng_programme = factories.ProgrammeFactory(faculty=data["eng"], name="BEng Robotics")
        sci_programme = factories.ProgrammeFactory(faculty=data["sci"], name="BSc Physics")
        email = factories.DeanAssignmentFactory(university=data["university"]).user.email
        eng_id, eng_p, sci_p = data["eng"].id, eng_programme.id, sci_programme.id
    sign_in(page, email)
    page.goto(live_server + f"/dashboards/dean?cohort=2025&programme={sci_p}")
    programme = page.locator("#f-programme")
    assert programme.input_value() == str(sci_p)
    page.locator("#f-faculty").select_option(str(eng_id))  # no Apply pressed
    assert programme.input_value() == ""  # the science programme no longer fits: dropped
    visible = programme.locator("option:not([hidden])").all_inner_texts()
    assert "BEng Robotics" in visible and "BSc Physics" not in visible
    programme.select_option(str(eng_p))
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(lambda url: f"programme={eng_p}" in url)
