"""The phone statistics file: one row per call, checked line by line. Plain Python.

Format (UTF-8, comma or semicolon separated, a header row first; docs/phone-import.md):

    start,queue_seconds,talk_seconds,answered,line
    2026-03-01 14:23,35,412,ja,hovedlinje
    2026-03-01T14:31:05+01:00,120,0,nei,

- `start`: when the call came in, ISO 8601 (`YYYY-MM-DD HH:MM[:SS]`, optional UTC offset;
  without one it is Norwegian local time). Only the hour is kept.
- `queue_seconds`: seconds in the queue before answer or hang-up, a whole number 0 or more.
- `talk_seconds`: seconds of conversation, a whole number 0 or more; 0 when not answered.
- `answered`: ja/nei, yes/no, 1/0 or true/false.
- `line` (optional): which line took the call, e.g. the main line or an answering network,
  so services that share calls with others can show what they report on.

A file with any bad line is refused whole: every bad line is listed with its number and reason.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def gettext_noop(s):
    return s


COLUMNS = ("start", "queue_seconds", "talk_seconds", "answered", "line")
REQUIRED = ("start", "queue_seconds", "talk_seconds", "answered")
YES = {"ja", "yes", "1", "true", "j", "y"}
NO = {"nei", "no", "0", "false", "n"}
MAX_ROWS = 500_000
MAX_SECONDS = 24 * 3600
OSLO = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True)
class Call:
    line_no: int
    start: datetime  # aware
    queue_seconds: int
    talk_seconds: int
    answered: bool
    line: str


@dataclass(frozen=True)
class Problem:
    line_no: int  # 0 for the file as a whole
    message: str  # a message id (bokmål), translated by the caller
    params: dict


def _problem(line_no, message, **params):
    return Problem(line_no, message, params)


def _seconds(raw, name, line_no, problems):
    raw = (raw or "").strip()
    if not raw.isdigit():
        problems.append(_problem(line_no, gettext_noop("%(column)s må være et helt tall 0 eller mer, fikk «%(value)s»."), column=name, value=raw[:40]))
        return None
    value = int(raw)
    if value > MAX_SECONDS:
        problems.append(_problem(line_no, gettext_noop("%(column)s er mer enn et døgn (%(value)s sekunder)."), column=name, value=value))
        return None
    return value


def _start(raw, line_no, problems, now):
    raw = (raw or "").strip()
    try:
        moment = datetime.fromisoformat(raw.replace(" ", "T", 1)) if raw else None
    except ValueError:
        moment = None
    if moment is None:
        problems.append(_problem(line_no, gettext_noop("start er ikke et tidspunkt som ÅÅÅÅ-MM-DD TT:MM, fikk «%(value)s»."), value=raw[:40]))
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=OSLO)
    if moment > now + timedelta(hours=1):
        problems.append(_problem(line_no, gettext_noop("start ligger i fremtiden (%(value)s)."), value=raw[:40]))
        return None
    return moment


def parse(data: bytes, now: datetime | None = None) -> tuple[list[Call], list[Problem]]:
    """Parse the whole file. Returns (calls, problems); use the calls only when problems is empty."""
    now = now or datetime.now(timezone.utc)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_problem(0, gettext_noop("Filen er ikke UTF-8. Lagre den som CSV UTF-8 og prøv igjen."))]
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [_problem(1, gettext_noop("Filen er tom eller mangler overskriftsraden."))]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_problem(1, gettext_noop("Overskriftsraden mangler kolonnene: %(columns)s."), columns=", ".join(missing)))
        if unknown:
            problems.append(_problem(1, gettext_noop("Ukjente kolonner: %(columns)s."), columns=", ".join(unknown)))
        return [], problems
    index = {name: header.index(name) for name in COLUMNS if name in header}
    calls, problems = [], []
    for row in reader:
        line_no = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(calls) + len(problems) >= MAX_ROWS:
            problems.append(_problem(line_no, gettext_noop("Filen har mer enn %(max)s rader. Del den opp."), max=MAX_ROWS))
            break
        if len(row) != len(header):
            problems.append(_problem(line_no, gettext_noop("Raden har %(got)s felt, overskriften har %(want)s."), got=len(row), want=len(header)))
            continue
        before = len(problems)
        start = _start(row[index["start"]], line_no, problems, now)
        queue = _seconds(row[index["queue_seconds"]], "queue_seconds", line_no, problems)
        talk = _seconds(row[index["talk_seconds"]], "talk_seconds", line_no, problems)
        raw_answered = row[index["answered"]].strip().lower()
        answered = True if raw_answered in YES else False if raw_answered in NO else None
        if answered is None:
            problems.append(_problem(line_no, gettext_noop("answered må være ja eller nei, fikk «%(value)s»."), value=raw_answered[:40]))
        elif answered is False and talk:
            problems.append(_problem(line_no, gettext_noop("Et ubesvart anrop kan ikke ha samtaletid (talk_seconds = %(value)s)."), value=talk))
        line = row[index["line"]].strip() if "line" in index else ""
        if len(line) > 40:
            problems.append(_problem(line_no, gettext_noop("line kan være høyst 40 tegn.")))
        if len(problems) == before:
            calls.append(Call(line_no, start, queue, talk, answered, line))
    if not calls and not problems:
        problems.append(_problem(2, gettext_noop("Filen har ingen anrop under overskriftsraden.")))
    return calls, problems
