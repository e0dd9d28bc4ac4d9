"""Static assets: hashed URLs cached for a year, compressed responses, the small plotly.js."""

from __future__ import annotations

import gzip
import re

import brotli

from foundry.assets import YEAR, plotly_body

IMMUTABLE = f"public, max-age={YEAR}, immutable"


def _src(html: str, needle: str) -> str:
    return re.search(rf'(?:src|href)="([^"]*{re.escape(needle)}[^"]*)"', html).group(1)


def _get(client, url):
    """GET a static file and close it (a file response holds the file open until read)."""
    response = client.get(url)
    response.close()
    return response


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client):
    html = client.get("/login").get_data(as_text=True)
    css = _src(html, "/static/css/foundry.css")
    assert re.search(r"\?v=[0-9a-f]{12}$", css)
    response = _get(client, css)
    assert response.status_code == 200 and response.headers["Cache-Control"] == IMMUTABLE
    bootstrap_css = _src(html, "bootstrap.min.css")
    assert "?v=" in bootstrap_css
    assert _get(client, bootstrap_css).headers["Cache-Control"] == IMMUTABLE


def test_an_old_hash_is_not_cached_for_long(client):
    response = _get(client, "/static/css/foundry.css?v=000000000000")
    assert response.status_code == 200 and "immutable" not in response.headers["Cache-Control"]
    assert "immutable" not in _get(client, "/static/css/foundry.css").headers["Cache-Control"]


def test_plotly_is_the_partial_bundle_compressed_and_hashed(client, login_as, db):
    login_as("dean")
    html = client.get("/dashboards/dean").get_data(as_text=True)
    src = _src(html, "/dashboards/assets/plotly.min.js")
    assert "?v=" in src
    raw = plotly_body("identity")
    assert b"plotly.js v" in raw[:200] and b"partial bundle" in raw[:200]
    assert len(raw) < 1_300_000  # the full bundle is 4.8 MB, the cartesian one 1.5 MB
    brotlied = client.get(src, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert brotlied.headers["Content-Encoding"] == "br"
    assert brotlied.headers["Cache-Control"] == IMMUTABLE
    assert "Accept-Encoding" in brotlied.headers["Vary"]
    assert brotli.decompress(brotlied.data) == raw
    assert len(brotlied.data) < 600_000
    gzipped = client.get(src, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(gzipped.data) == raw
    plain = client.get(src)
    assert "Content-Encoding" not in plain.headers and plain.data == raw
    again = client.get(src, headers={"Accept-Encoding": "br",
                                     "If-None-Match": brotlied.headers["ETag"]})
    assert again.status_code == 304


def test_pages_are_compressed_when_the_browser_asks(client):
    response = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<!doctype html>" in gzip.decompress(response.data)


def test_static_files_are_compressed_too(client):
    html = client.get("/login").get_data(as_text=True)
    response = client.get(_src(html, "bootstrap.min.css"), headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"Bootstrap" in gzip.decompress(response.data)[:400]
    response.close()


def test_plotly_is_compressed_before_the_first_visit():
    """Served by gunicorn, wsgi.py compresses plotly.js at start: no visitor waits for it."""
    import subprocess
    import sys

    code = ("import sys, types; sys.modules['gunicorn'] = types.ModuleType('gunicorn');"
            "import wsgi; from foundry.assets import plotly_body;"
            "print(plotly_body.cache_info().currsize)")
    env = {"FOUNDRY_CONFIG": "development", "DATABASE_URL": "sqlite://", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "3"  # as-is, brotli and gzip
