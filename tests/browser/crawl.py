"""Walk every page a role can reach: the GET routes of `app.url_map` whose policy lets the role
in (those without URL parameters are visited directly), plus every same-site link found on the
pages visited (that is how pages with ids are reached). One URL per endpoint, so a page added by
anyone later is walked as soon as it is registered or linked — no list to keep up to date."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from werkzeug.exceptions import HTTPException

# Endpoints that are not pages to look at (a file, a redirect that acts, the sign-out).
SKIP_ENDPOINTS = {"static", "bootstrap.static", "auth.logout"}
SKIP_PREFIXES = ("/api/", "/static/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
                self.hrefs.append(href)


def links_of(html: str, base: str) -> list[str]:
    """Absolute URLs of the <a href> links in a page."""
    parser = _Links()
    parser.feed(html)
    return [urldefrag(urljoin(base, href))[0] for href in parser.hrefs]


def start_paths(app, role: str | None) -> list[str]:
    """GET routes without parameters that the role (None = anonymous) is allowed to open."""
    user = type("U", (), {"is_authenticated": role is not None, "role": role})()
    paths = []
    for rule in app.url_map.iter_rules():
        policy = getattr(app.view_functions.get(rule.endpoint), "access_policy", None)
        if (rule.endpoint in SKIP_ENDPOINTS or rule.arguments or "GET" not in rule.methods
                or rule.rule.startswith(SKIP_PREFIXES) or policy is None
                or policy.kind == "token" or not policy.allows(user)):
            continue
        paths.append(rule.rule)
    return sorted(paths)


def endpoint_of(app, path: str) -> str | None:
    """The endpoint a path is routed to (None for a path the app does not serve)."""
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(path, method="GET")
    except HTTPException:
        return None
    return endpoint


def walk(app, request, base: str, role: str | None, limit: int = 400) -> Iterator[str]:
    """Yield the URL of each HTML page reachable for the role, one per endpoint.

    `request` is a Playwright APIRequestContext sharing the signed-in page's cookies."""
    queue = [base + path for path in start_paths(app, role)]
    seen_endpoints: set[str] = set()
    host = urlsplit(base).netloc
    while queue and len(seen_endpoints) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc != host or parts.path.startswith(SKIP_PREFIXES):
            continue
        endpoint = endpoint_of(app, parts.path)
        if endpoint is None or endpoint in seen_endpoints or endpoint in SKIP_ENDPOINTS:
            continue
        response = request.get(url, max_redirects=0)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        seen_endpoints.add(endpoint)
        yield url
        queue.extend(links_of(response.text(), url))
