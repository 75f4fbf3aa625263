"""The forum's rules, without Django."""

PRE, POST = "pre", "post"


def default_moderation(age_max: int | None) -> str:
    """Services for children and young people (an age limit under 18) pre-moderate by default."""
    return PRE if age_max is not None and age_max < 18 else POST


def initial_state(mode: str, crisis: bool, by_moderator: bool = False) -> str:
    """A crisis post is held whatever the mode; a moderator's post is published; otherwise the mode decides."""
    if by_moderator:
        return "published"
    if crisis:
        return "held"
    return "pending" if mode == PRE else "published"


def queue_order(items: list[dict]) -> list[dict]:
    """The moderation queue: risk-flagged first, then held, then reported, oldest first within each."""
    return sorted(items, key=lambda p: (not p["risk"], p["state"] != "held", -min(p["reports"], 1), p["created_at"]))
