"""Reading WebSocket frames from the outside world. Plain Python, no Django.

Whatever arrives (invalid JSON, arrays, numbers, null, binary, `1e999`, 5,000 levels of
nesting, a frame of megabytes) becomes either a dict or a `BadFrame` with a fixed code; the
consumer answers that with an error event and keeps the socket."""

import json
import math

MAX_FRAME = 64 * 1024  # a 4,000-character message escaped as \\uXXXX is ~24 KB
MAX_DEPTH = 8
MAX_ID = 2**31 - 1  # ids and sequence numbers fit PostgreSQL's integer


class BadFrame(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _no_constant(name):
    raise BadFrame("not_json")  # NaN, Infinity, -Infinity are not JSON


def _check_depth(text: str) -> None:
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise BadFrame("too_deep")
        elif ch in "]}":
            depth -= 1


def parse(text: str | None, binary: bytes | None = None) -> dict:
    """The frame as a JSON object, or BadFrame."""
    if text is None:
        raise BadFrame("binary" if binary is not None else "empty")
    if len(text) > MAX_FRAME:
        raise BadFrame("too_large")
    # nesting is bounded before parsing: a deep frame never reaches the recursive decoder
    if text.count("{") + text.count("[") > MAX_DEPTH:
        _check_depth(text)
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except BadFrame:
        raise
    except (ValueError, RecursionError):
        raise BadFrame("not_json") from None
    if not isinstance(value, dict):
        raise BadFrame("not_object")
    return value


def to_int(value, default: int = 0) -> int:
    """A non-negative integer id or sequence number from a frame; anything else is `default`
    (floats such as 1e999 or 1.5, strings, booleans, out-of-range numbers)."""
    if isinstance(value, bool):
        return default
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return default
        value = int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if not isinstance(value, int) or value < 0 or value > MAX_ID:
        return default
    return value


def to_text(value, limit: int | None = 200) -> str:
    """A string field (type, client id, text); anything else is empty. `limit` cuts fields
    whose length is not the user's business (types, client ids); message text is passed
    whole (limit None) so that the limit on it is enforced, and said, where it is stored."""
    if not isinstance(value, str):
        return ""
    return value if limit is None else value[:limit]
