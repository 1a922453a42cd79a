"""One redaction for everything that can reach a log line, a repr or an exception.

What is hidden:

* the values of secret query and form keys (``code``, ``client_secret``, ``access_token``,
  ``refresh_token``, ``password``, ``client_assertion``, ``tempauth``, ``authtoken``, ``sig``
  ...), in URLs and in free text (``key=value`` and JSON ``"key": "value"``);
* bearer tokens (``Bearer eyJ...``);
* the path and query of pre-authenticated URLs (upload sessions, download redirects, monitor
  URLs), whose path itself is the credential: shown as ``https://host/REDACTED``;
* while a pre-authenticated request is in flight on a thread, its raw URL in any text logged
  on that thread (urllib3 logs every request line at DEBUG): see :func:`hiding`.

The :data:`FILTER` log filter applies :func:`redact_text` to every record of the loggers in
:data:`THIRD_PARTY_LOGGERS`; ``generated.o365._runtime.connection`` installs it when imported.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["FILTER", "REDACTED", "SECRET_KEYS", "hiding", "redact_text", "redact_url"]

# Query/form keys whose values must never reach a log line or an exception message.
SECRET_KEYS = frozenset(
    {"access_token", "code", "client_secret", "password", "refresh_token", "id_token",
     "client_assertion", "assertion", "tempauth", "authtoken", "sig", "device_code"}
)
REDACTED = "REDACTED"
# Loggers of the HTTP stack that write request lines (method, path and query) at DEBUG.
THIRD_PARTY_LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.poolmanager",
                       "urllib3.response", "requests")

_KEYS = "|".join(sorted(SECRET_KEYS, key=len, reverse=True))
_in_flight = threading.local()


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """key=value, JSON "key": "value" and bearer-token patterns, compiled on first use (only
    a log line or an error message needs them; compiling costs more than building an Account)."""
    return (re.compile(rf"(?i)(?<![A-Za-z0-9_])({_KEYS})=([^&\s\"'#<>]*)"),
            re.compile(rf"(?i)(\"(?:{_KEYS})\"\s*:\s*)\"(?:[^\"\\]|\\.)*\""),
            re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*"))


def redact_url(url: str, *, preauthenticated: bool = False) -> str:
    """``url`` safe to show: secret query values replaced, user info dropped.

    ``preauthenticated``: the URL itself is the credential (no ``Authorization`` goes with
    it), so only its scheme and host are shown.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return REDACTED
    netloc = parts.netloc.rsplit("@", 1)[-1]
    if preauthenticated:
        return urlunsplit((parts.scheme, netloc, f"/{REDACTED}", "", ""))
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(key.lower() in SECRET_KEYS for key, _ in pairs):
            query = urlencode(
                [(key, REDACTED if key.lower() in SECRET_KEYS else value) for key, value in pairs],
                safe="$'(),:/@",
            )
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def redact_text(text: str) -> str:
    """``text`` with secret values, bearer tokens and in-flight pre-authenticated URLs hidden."""
    for secret in getattr(_in_flight, "secrets", ()):
        if secret in text:
            text = text.replace(secret, REDACTED)
    key_value, json_value, bearer = _patterns()
    if "=" in text:
        text = key_value.sub(rf"\1={REDACTED}", text)
    if '"' in text:
        text = json_value.sub(rf'\1"{REDACTED}"', text)
    return bearer.sub(rf"\1 {REDACTED}", text)


@contextmanager
def hiding(*urls: str) -> Iterator[None]:
    """While active, :func:`redact_text` on this thread hides these URLs, their paths and
    their request targets (path and query).

    Used around a pre-authenticated request, so the HTTP stack's own log lines (which show
    the request target) cannot print the credential in the path.
    """
    added: list[str] = []
    for url in urls:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        added += [s for s in (url, target, parts.path) if s and s != "/"]
    secrets: list[str] = getattr(_in_flight, "secrets", [])
    _in_flight.secrets = [*secrets, *sorted(set(added), key=len, reverse=True)]
    try:
        yield
    finally:
        _in_flight.secrets = secrets


class _RedactingFilter(logging.Filter):
    """Rewrites a record's message through :func:`redact_text` (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's problem, not ours
            return True
        cleaned = redact_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


FILTER = _RedactingFilter()


def install_filter(names: tuple[str, ...] = THIRD_PARTY_LOGGERS) -> None:
    """Attach :data:`FILTER` to the named loggers (once each)."""
    for name in names:
        logger = logging.getLogger(name)
        if FILTER not in logger.filters:
            logger.addFilter(FILTER)
