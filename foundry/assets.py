"""Static assets served fast: a content hash in every static URL (?v=…) so browsers may keep
the file for a year, responses compressed (Flask-Compress, brotli or gzip), and plotly.js as
our own partial bundle (the dashboards' trace types only), compressed once per process."""

from __future__ import annotations

import functools
import gzip
import hashlib
import os

import brotli
from flask import Flask, Response, current_app, request

YEAR = 365 * 24 * 3600
# Endpoints that serve files from a folder, and how to find that folder.
STATIC_ENDPOINTS = {"static": lambda app: app.static_folder,
                    "bootstrap.static": lambda app: app.blueprints["bootstrap"].static_folder}
PLOTLY_ENDPOINT = "dashboards.plotly_js"
PLOTLY_DIR = os.path.join(os.path.dirname(__file__), "..", "static", "vendor", "plotly")
VENDORED_PLOTLY = os.path.join(PLOTLY_DIR, "plotly-foundry.min.js")
# The trace types the vendored bundle registers (written beside it by `make vendor-plotly`).
PLOTLY_TRACES = os.path.join(PLOTLY_DIR, "traces.json")


@functools.lru_cache(maxsize=512)
def _hash_of(path: str, mtime_ns: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


def file_version(path: str) -> str | None:
    """A short content hash of a file (None when it does not exist)."""
    try:
        return _hash_of(path, os.stat(path).st_mtime_ns)
    except OSError:
        return None


def plotly_path() -> str:
    """The plotly.js bundle to serve: the vendored partial bundle, or the plotly package's
    full bundle if the vendored file is missing."""
    if os.path.exists(VENDORED_PLOTLY):
        return os.path.abspath(VENDORED_PLOTLY)
    import plotly

    return os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js")


@functools.cache
def plotly_body(encoding: str) -> bytes:
    """The bundle as it is ('identity'), or gzip-ed or brotli-ed: each made once per process,
    when first asked for (brotli quality 5: 0.45 MB in a fraction of a second; 9 saves 2 %
    for three times the time)."""
    if encoding == "identity":
        with open(plotly_path(), "rb") as handle:
            return handle.read()
    raw = plotly_body("identity")
    if encoding == "br":
        return brotli.compress(raw, quality=5)
    return gzip.compress(raw, 6, mtime=0)


def warm() -> None:
    """Compress plotly.js now, so no visitor waits for it: wsgi.py calls this under gunicorn
    (once, before the workers fork, with --preload; else as each worker starts)."""
    for encoding in ("br", "gzip"):
        plotly_body(encoding)


def plotly_response() -> Response:
    """plotly.js, pre-compressed for the browser's Accept-Encoding, cached for a year when
    asked for by its hashed URL (a new bundle gets a new URL)."""
    accepted = request.accept_encodings
    encoding = next((e for e in ("br", "gzip") if accepted[e]), "identity")
    response = Response(plotly_body(encoding), mimetype="text/javascript")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{file_version(plotly_path())}-{encoding}")
    _cache_headers(response)
    return response.make_conditional(request)


def _cache_headers(response: Response) -> None:
    wanted = request.args.get("v")
    if wanted and wanted == _current_version(request.endpoint, request.view_args or {}):
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:  # an old or missing hash: the browser checks again next time
        response.headers["Cache-Control"] = "public, no-cache"


def _current_version(endpoint: str | None, values: dict) -> str | None:
    if endpoint == PLOTLY_ENDPOINT:
        return file_version(plotly_path())
    folder = STATIC_ENDPOINTS.get(endpoint or "")
    filename = values.get("filename")
    if folder is None or not filename:
        return None
    root = folder(current_app)
    if not root:
        return None
    path = os.path.abspath(os.path.join(root, filename))
    if not path.startswith(os.path.abspath(root) + os.sep):
        return None
    return file_version(path)


def install(app: Flask) -> None:
    """Hashed static URLs, year-long caching of hashed files, response compression."""
    from foundry.extensions import compress

    # Streamed responses are not compressed: Flask-Compress's streaming path replaces the body
    # with a generator and the file behind a static response was never closed. Static files
    # are read into memory below instead (they are small), and compressed like pages.
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if (endpoint in STATIC_ENDPOINTS or endpoint == PLOTLY_ENDPOINT) and "v" not in values:
            version = _current_version(endpoint, values)
            if version:
                values["v"] = version

    @app.after_request
    def cache_static(response: Response) -> Response:
        if request.endpoint in STATIC_ENDPOINTS and response.status_code in (200, 304):
            _cache_headers(response)
            if response.direct_passthrough:
                response.direct_passthrough = False
                response.make_sequence()  # read now; the file is closed with the response
        return response
