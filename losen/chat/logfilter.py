"""Keep help seekers' conversation tokens, pickup codes and addresses out of every log record.

A conversation token is all it takes to read a transcript, and Django's request warnings
("Method Not Allowed (GET): /chat/samtale/<token>/send/", "Not Found: ...") and uvicorn's
handshake lines ('<client address> - "WebSocket /ws/chat/<token>/" [accepted]') carry it.

`scrub(text)` replaces:
- any UUID, and any token-like path segment of 20 or more characters after `/chat/samtale/`,
  `/ws/chat/` or `/skriv/` (the letters app's pickup paths), with `<token>`;
- the value of any `code=` parameter (pickup codes) with `<code>`;
- IPv4 and IPv6 addresses with `-`.

`install()` makes it apply to every record: a log-record factory scrubs each record when it is
made (whatever logger or handler it goes to, including handlers added later such as pytest's),
and a `RedactClient` filter sits on the root logger, its handlers and the django/uvicorn/daphne
loggers as a second line for records made elsewhere (e.g. unpickled from another process).
"""

import logging
import re

TOKEN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
PATH_TOKEN = re.compile(r"(/(?:chat/samtale|ws/chat|skriv)/(?:[\w-]{1,40}/)?)[A-Za-z0-9_~.%+=-]{20,}")
CODE = re.compile(r"(\bcode[\"']?\s*[=:]\s*[\"']?)(?!%[sdr(])[^&\s\"',;)}]+", re.IGNORECASE)
USER_AGENT = re.compile(r"\b[A-Za-z][\w.-]*/\d[\w.]*(?:\s+\([^()]*\))+(?:\s+[A-Za-z][\w.-]*/[\w.]+(?:\s+\([^()]*\))?)*")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])")
IPV6 = re.compile(r"(?<![\w:])\[?(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}(?:%\w+)?\]?(?::\d{1,5})?(?![\w:])")

LOGGERS = (
    "", "django", "django.request", "django.server", "django.security", "django.channels.server",
    "uvicorn", "uvicorn.error", "uvicorn.access", "daphne", "daphne.server", "daphne.http_protocol", "channels", "losen",
)


def scrub(text: str) -> str:
    if not text:
        return text
    text = TOKEN.sub("<token>", text)
    text = PATH_TOKEN.sub(r"\1<token>", text)
    text = CODE.sub(r"\1<code>", text)
    text = USER_AGENT.sub("<user-agent>", text)
    text = IPV4.sub("-", text)
    return IPV6.sub("-", text)


def _scrub_value(value):
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    text = str(value)
    clean = scrub(text)
    return value if clean == text else clean


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Scrub in place, keeping the shape of `args` (uvicorn's formatters unpack them)."""
    if getattr(record, "_losen_scrubbed", False):
        return record
    if isinstance(record.msg, str):
        record.msg = scrub(record.msg)
    elif record.msg is not None:
        record.msg = _scrub_value(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_scrub_value(a) for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: _scrub_value(v) for k, v in record.args.items()}
    if record.args:
        # a secret split across the template and an argument ("code=%s", "PICKUP-1"):
        # then the record is flattened to its scrubbed message
        try:
            message = record.getMessage()
        except Exception:
            message = f"{record.msg} {record.args}"
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = scrub(record.exc_text)
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    record._losen_scrubbed = True
    return record


class RedactClient(logging.Filter):
    def filter(self, record):
        scrub_record(record)
        return True


_previous_factory = None


def _factory(*args, **kwargs):
    return scrub_record(_previous_factory(*args, **kwargs))


def install():
    global _previous_factory
    if _previous_factory is None:
        _previous_factory = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_factory)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        targets = [logger, *logger.handlers]
        for target in targets:
            if not any(isinstance(f, RedactClient) for f in target.filters):
                target.addFilter(RedactClient())
