"""May this person take chats (or messages) now? The channel consoles ask here when someone
goes on duty; rota and volunteers decide from shifts, training and leader presence.

`check()` is the one entry point. Until the rota and training records exist for an
organisation, everybody with a responder role may go on duty directly (today's behaviour)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DutyDecision:
    allowed: bool  # may go on duty directly
    needs_approval: bool = False  # no shift now: the shift leader must approve
    leader_required: bool = False  # the service requires a leader present
    leader_present: bool | None = None
    missing_training: tuple[str, ...] = ()  # names of required modules not completed
    reasons: tuple[str, ...] = field(default=())  # translated sentences for the console


def check(user, organisation, channel: str, now, service=None) -> DutyDecision:
    return DutyDecision(allowed=True)
