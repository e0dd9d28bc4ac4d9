"""Landing page, role home pages, health check, language switch, error pages."""

from __future__ import annotations

from tests import factories


def test_landing_page_for_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Talent Foundry" in response.data
    assert b'lang="en"' in response.data


def test_signed_in_user_is_sent_home(client, login_as):
    login_as("student")
    assert client.get("/").headers["Location"].endswith("/home")


def test_healthz_checks_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "broker": "eager"}


def test_student_home_shows_own_records_only(client, login_as, db):
    user = login_as("student")
    mine = factories.ApplicationFactory(student=user.student,
                                        position__title="Robotics Perception Intern")
    factories.ApplicationFactory(position__title="Someone Else's Position")
    db.session.commit()
    page = client.get("/home").get_data(as_text=True)
    assert mine.position.title in page
    assert "Someone Else&#39;s Position" not in page and "Someone Else's Position" not in page


def test_company_home_shows_own_positions(client, login_as, db):
    user = login_as("company")
    factories.PositionFactory(company=user.membership.company, title="Quant Developer Intern")
    factories.PositionFactory(title="Another Company Role")
    db.session.commit()
    page = client.get("/home").get_data(as_text=True)
    assert "Quant Developer Intern" in page
    assert "Another Company Role" not in page


def test_dean_home_shows_own_university_with_counts_rounded(client, login_as, db):
    user = login_as("dean")
    university = user.dean_assignment.university
    faculty = factories.FacultyFactory(university=university)
    students = factories.StudentProfileFactory.create_batch(10, faculty=faculty)
    factories.InternshipFactory(student=students[0])  # one intern: shown as 0 or 5
    other = factories.StudentProfileFactory.create_batch(3)  # another university
    db.session.commit()
    page = client.get("/home").get_data(as_text=True)
    assert university.name in page
    assert ">10<" in page and ">1<" not in page
    assert "rounded to a multiple of 5" in page
    assert other[0].university.name not in page


def test_admin_home_counts(client, login_as, db):
    login_as("admin")
    factories.CompanyFactory.create_batch(2, vetting_status="pending")
    db.session.commit()
    page = client.get("/home").get_data(as_text=True)
    assert "Companies pending vetting" in page


def test_language_switch_sets_cookie_and_redirects_locally(client):
    response = client.post("/language", data={"locale": "zh_Hant", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "locale=zh_Hant" in response.headers["Set-Cookie"]


def test_unknown_page_is_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"could not find" in response.data


def test_api_errors_are_json(client):
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_unexpected_error_is_a_friendly_500_and_rolls_back(db):
    """A crash mid-request shows the friendly page (JSON under /api/) and writes nothing."""
    from sqlalchemy import func, select

    from foundry import create_app
    from foundry.extensions import db as _db
    from foundry.models import Company
    from foundry.permissions import public
    from tests.dbutil import database_url

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url())
    with app.app_context():
        _db.create_all()  # a fresh in-memory SQLite; a no-op on the PostgreSQL test database

    @app.get("/boom")
    @app.get("/api/boom")
    @public
    def boom():
        _db.session.add(Company(name="Half-written Ltd", cluster="fintech", site="innocentre",
                                size_band="1-10"))
        _db.session.flush()
        raise RuntimeError("boom")

    client = app.test_client()
    try:
        page = client.get("/boom")
        assert page.status_code == 500 and b"Something went wrong" in page.data
        assert client.get("/api/boom").json["error"]["code"] == "server_error"
        with app.app_context():
            assert _db.session.scalar(select(func.count(Company.id))) == 0
    finally:
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()  # close this app's pooled connections now, not at GC time
