"""A strain signal for coordinators (plain rules, no Django): many heavy check-ins in a row, or
several risk chats in one week. Shown only to coordinators; never a public score.

Texts are bokmål message ids; the caller translates them."""

HEAVY = 3  # "Tungt" or heavier on the 1–4 scale
HEAVY_IN_A_ROW = 3
RISK_IN_A_WEEK = 3


def gettext_noop(message):
    return message


def reasons(recent_heaviness: list[int], risk_contacts_last_7_days: int) -> list[str]:
    """`recent_heaviness`: answered check-ins, newest first."""
    found = []
    streak = 0
    for h in recent_heaviness:
        if h is None or h < HEAVY:
            break
        streak += 1
    if streak >= HEAVY_IN_A_ROW:
        found.append(gettext_noop("Flere tunge vakter på rad"))
    if risk_contacts_last_7_days >= RISK_IN_A_WEEK:
        found.append(gettext_noop("Flere samtaler med risiko siste uke"))
    return found
