"""The language switch: Hong Kong Traditional Chinese after choosing it, English after it."""

from __future__ import annotations

import re

import pytest


def _lang(html: str) -> str:
    """The lang attribute of the page's <html> element."""
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def _switch(client, locale: str, next_url: str = "/"):
    """POST the language switch as the navbar button does; follow the redirect."""
    return client.post("/language", data={"locale": locale, "next": next_url},
                       follow_redirects=True)


def test_landing_page_in_chinese_then_back_to_english(client):
    """An anonymous visitor switches to 繁體中文, sees Chinese labels, and can switch back."""
    page = _switch(client, "zh_Hant").get_data(as_text=True)
    assert _lang(page) == "zh-Hant"
    assert "登入" in page and "Sign in</a>" not in page
    assert "English" in page  # the switch now offers the way back

    page = _switch(client, "en").get_data(as_text=True)
    assert _lang(page) == "en"
    assert "Sign in" in page and "登入" not in page


def test_student_home_navigation_in_chinese(client, login_as):
    """A signed-in student sees the role navigation in Chinese, e.g. 人才庫 for the Talent Pool."""
    login_as("student")
    page = _switch(client, "zh_Hant", "/home").get_data(as_text=True)
    assert _lang(page) == "zh-Hant"
    assert "人才庫" in page and "Talent Pool" not in page
    assert "登出" in page

    page = _switch(client, "en", "/home").get_data(as_text=True)
    assert _lang(page) == "en"
    assert "Talent Pool" in page and "人才庫" not in page


def test_choice_is_kept_on_the_profile(client, login_as, db):
    """Choosing Chinese while signed in is stored on the user: it follows them to a new browser."""
    user = login_as("company")
    _switch(client, "zh_Hant", "/home")
    db.session.refresh(user)
    assert user.locale == "zh_Hant"
    client.delete_cookie("locale")
    page = client.get("/home").get_data(as_text=True)
    assert _lang(page) == "zh-Hant"


def test_unknown_locale_falls_back_to_english(client):
    """A forged locale value is ignored: the page stays English."""
    page = _switch(client, "xx").get_data(as_text=True)
    assert _lang(page) == "en"


def test_enum_labels_and_form_errors_are_translated(app, client):
    """Labels from choices.py and form messages (ours and WTForms' own) come out in HK Chinese."""
    from flask_babel import force_locale

    from foundry.models import choices

    with app.test_request_context(), force_locale("zh_Hant"):
        assert str(dict(choices.POSITION_KINDS)["internship"]) == "實習"
        assert str(dict(choices.SITES)["science_park"]) == "香港科學園（白石角）"
    _switch(client, "zh_Hant", "/login")
    page = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "此欄必須填寫。" in page  # WTForms' "This field is required.", not Simplified 该字段
    assert "该" not in page
    page = client.post("/login", data={"email": "nobody@example.com", "password": "x" * 12},
                       follow_redirects=True).get_data(as_text=True)
    assert "電郵或密碼不正確。" in page

    _switch(client, "en", "/login")
    page = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "This field is required." in page


@pytest.mark.parametrize(("header", "lang"), [
    ("zh-HK,zh;q=0.9,en;q=0.8", "zh-Hant"), ("zh-TW", "zh-Hant"), ("zh-Hant-HK", "zh-Hant"),
    ("en-GB,en;q=0.9,zh-HK;q=0.8", "en"), ("fr-FR,fr;q=0.9", "en"), ("fr,zh-HK;q=0.5", "zh-Hant"),
])
def test_browser_language_is_the_default_until_a_choice_is_made(client, header, lang):
    """With no cookie, a Hong Kong Chinese browser gets Chinese; a choice overrides it."""
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert _lang(page) == lang
    client.post("/language", data={"locale": "en"})
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert _lang(page) == "en"


def test_error_pages_in_chinese(client):
    """The friendly 404 page speaks the chosen language."""
    client.set_cookie("locale", "zh_Hant")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "找不到這個頁面。" in response.get_data(as_text=True)
    client.set_cookie("locale", "en")
    assert "We could not find that page." in client.get("/no-such-page").get_data(as_text=True)
