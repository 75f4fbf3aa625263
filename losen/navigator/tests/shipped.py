"""The shipped directory (``losen/directory/data/services/*.json``) for ranking tests, with
open/closed answered by the directory's own hours rules at a fixed instant."""

import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from losen.directory import hours

SERVICES_DIR = Path(__file__).resolve().parents[2] / "directory" / "data" / "services"


@lru_cache(maxsize=1)
def _load() -> tuple:
    return tuple(json.loads(p.read_text(encoding="utf-8")) for p in sorted(SERVICES_DIR.glob("*.json")))


def services() -> list[dict]:
    return [json.loads(json.dumps(s)) for s in _load()]  # a fresh copy each time


def by_slug() -> dict[str, dict]:
    return {s["slug"]: s for s in services()}


def open_now(svc: dict, kind: str | None, at: datetime) -> bool | None:
    """Like ``catalogue.open_now``: open if a matching channel is open, None if unknown."""
    channels = [c for c in svc.get("channels") or [] if kind is None or c.get("kind") == kind]
    if not channels or at is None:
        return None
    unknown = False
    for c in channels:
        state = hours.Schedule.from_spec(c["hours"]).status(at).open
        if state:
            return True
        unknown = unknown or state is None
    return None if unknown else False
