"""What pages may turn into a link: only web addresses, never ``javascript:`` or ``data:``.

Jinja2 escapes every value it prints, so text from the database is shown as text; a URL is
the one value that also becomes an attribute a browser follows, so its scheme is checked here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})


def safe_link(url: str | None) -> str | None:
    """``url`` if it is an http(s) address with a host, else ``None`` (shown as plain text)."""
    if not url:
        return None
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return stripped
