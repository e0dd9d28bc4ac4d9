"""A dean who changes the faculty while a programme of another faculty is chosen gets the
faculty's dashboard with a note, not a 400 page; the programme menu carries each programme's
faculty so it can follow the faculty at once."""

from __future__ import annotations

from tests import factories as f
from tests.dashboards.test_routes import dean_client  # noqa: F401  (fixture)


def test_programme_of_another_faculty_is_dropped_with_a_note(dean_client):  # noqa: F811
    client, data, _dean = dean_client
    other = f.FacultyFactory(university=data["university"], name="Business")
    programme = f.ProgrammeFactory(faculty=other, name="BBA Finance")
    for url in (f"/dashboards/dean?faculty={data['eng'].id}&programme={programme.id}",
                f"/dashboards/dean/figures/trend.json?faculty={data['eng'].id}"
                f"&programme={programme.id}"):
        assert client.get(url).status_code == 200, url
    html = client.get(f"/dashboards/dean?faculty={data['eng'].id}&programme={programme.id}"
                      ).get_data(as_text=True)
    assert "The programme filter (BBA Finance) was dropped" in html
    # the figures behind the page are the faculty's, without the dropped programme
    assert f"programme={programme.id}" not in html.split("data-figure-url=", 1)[1]


def test_programme_menu_tags_each_programme_with_its_faculty(dean_client):  # noqa: F811
    client, data, _dean = dean_client
    other = f.FacultyFactory(university=data["university"], name="Business")
    programme = f.ProgrammeFactory(faculty=other, name="BBA Finance")
    html = client.get(f"/dashboards/dean?faculty={data['eng'].id}").get_data(as_text=True)
    assert (f'<option value="{programme.id}" data-faculty="{other.id}"  hidden disabled>'
            in html)
    assert "js/dashboard-filters.js" in html
