"""The common indicators: their written definitions and the arithmetic on counts that the
database has already aggregated (see `losen.stats.queries`). Plain Python, no Django.

Texts are bokmål message ids marked with `gettext_noop`; the views translate them.

Outcomes of a contact (one `Contact` record): answered, abandoned after answer, abandoned in
queue, not served because the service closed, or still open. Group sessions and peer cases are
counted on their own and are not "offered contacts".
"""

import math
from dataclasses import dataclass

from losen.stats.suppression import COMPLEMENTARY, SHOWN, SMALL, SMALL_CELL, is_small, suppress_list, suppress_table, suppress_tables  # noqa: F401


def gettext_noop(s):
    return s



# Channels whose records are single contacts that can be answered or lost.
CONTACT_CHANNELS = ("chat", "message", "phone", "inquiry", "forum")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str  # bokmål message id
    definition: str  # bokmål message id
    kind: str  # "count", "share" (0..1), "seconds"


INDICATORS = [
    Indicator("offered", gettext_noop("Henvendelser"), gettext_noop(
        "Alle henvendelser som kom mens tjenesten var åpen (chat, meldinger, telefon, forum og henvendelser fra "
        "fagfolk): besvart, gitt opp i kø, gitt opp etter svar, eller ikke betjent fordi tjenesten stengte. "
        "Pågående henvendelser telles ikke før de er avsluttet."), "count"),
    Indicator("answered", gettext_noop("Besvart"), gettext_noop(
        "Henvendelser som en svarer tok imot, også de der den som tok kontakt gikk før samtalen var ferdig."), "count"),
    Indicator("answer_rate", gettext_noop("Svarandel"), gettext_noop(
        "Besvarte delt på alle henvendelser."), "share"),
    Indicator("abandoned_in_queue", gettext_noop("Ga opp i kø"), gettext_noop(
        "Henvendelser der den som tok kontakt gikk før noen svarte."), "count"),
    Indicator("not_served_closed", gettext_noop("Ikke betjent, stengt"), gettext_noop(
        "Henvendelser som sto i kø da tjenesten stengte, og som ingen svarte."), "count"),
    Indicator("abandoned_after_answer", gettext_noop("Gikk etter svar"), gettext_noop(
        "Besvarte henvendelser der den som tok kontakt gikk før samtalen var avsluttet av svareren."), "count"),
    Indicator("abandon_wait_seconds_p50", gettext_noop("Ventetid før de ga opp, median"), gettext_noop(
        "Blant dem som ga opp i kø: ventetiden som halvparten var under eller lik (median, nærmeste rang), i sekunder."), "seconds"),
    Indicator("abandon_wait_seconds_p90", gettext_noop("Ventetid før de ga opp, 90-persentil"), gettext_noop(
        "Blant dem som ga opp i kø: ventetiden som ni av ti var under eller lik (nærmeste rang), i sekunder."), "seconds"),
    Indicator("wait_seconds_p50", gettext_noop("Ventetid for besvarte, median"), gettext_noop(
        "Blant besvarte: tiden fra henvendelsen kom til en svarer tok den, som halvparten var under eller lik "
        "(nærmeste rang), i sekunder. Bare chat og telefon; for meldinger gjelder svarfristen."), "seconds"),
    Indicator("wait_seconds_p90", gettext_noop("Ventetid for besvarte, 90-persentil"), gettext_noop(
        "Blant besvarte: ventetiden som ni av ti var under eller lik (nærmeste rang), i sekunder."), "seconds"),
    Indicator("handle_seconds_mean", gettext_noop("Samtaletid, gjennomsnitt"), gettext_noop(
        "Blant besvarte med registrert samtaletid: gjennomsnittlig tid fra svar til avslutning, i sekunder."), "seconds"),
    Indicator("tried_while_closed", gettext_noop("Prøvde mens stengt"), gettext_noop(
        "Ganger noen åpnet en stengt kanal og ba om å få vite når den åpner. Udekket behov; ingen identifikator lagres."), "count"),
    Indicator("first_contact_share", gettext_noop("Første kontakt"), gettext_noop(
        "Andel som svarte at det var første gang de tok kontakt, blant dem som svarte på spørsmålet."), "share"),
    Indicator("deadline_met_share", gettext_noop("Svarfrist overholdt (meldinger)"), gettext_noop(
        "Blant besvarte meldinger: andelen som fikk svar innen fristen tjenesten lover."), "share"),
    Indicator("group_sessions", gettext_noop("Gruppemøter holdt"), gettext_noop(
        "Gruppemøter som ble holdt i perioden."), "count"),
    Indicator("group_attendance", gettext_noop("Deltakere i gruppemøter"), gettext_noop(
        "Summen av deltakere til stede på gruppemøtene (samme person telles hver gang)."), "count"),
    Indicator("cases_active", gettext_noop("Aktive saker"), gettext_noop(
        "Oppfølgingssaker åpnet i perioden som ikke er avsluttet."), "count"),
    Indicator("cases_closed", gettext_noop("Avsluttede saker"), gettext_noop(
        "Oppfølgingssaker åpnet i perioden som er avsluttet."), "count"),
    Indicator("inquiries", gettext_noop("Henvendelser fra fagfolk"), gettext_noop(
        "Henvendelser fra hjelpeapparatet (fagfolk som spør om råd i en sak eller om kurs). De inngår også i «Henvendelser»."), "count"),
]
BY_KEY = {i.key: i for i in INDICATORS}
CLI_KEYS = ("offered", "answered", "abandoned_in_queue", "answer_rate", "wait_seconds_p50", "wait_seconds_p90", "abandon_wait_seconds_p50")

TABLE_DEFINITIONS = {
    "heatmap": gettext_noop("Henvendelser etter ukedag og time (norsk tid) da de kom inn."),
    "trend": gettext_noop("Henvendelser og besvarte per uke (uken begynner mandag)."),
    "wait_distribution": gettext_noop("Hvor lenge de besvarte og de som ga opp ventet, i hele minutter."),
    "dropout_curve": gettext_noop(
        "Andelen av henvendelsene som fortsatt ventet etter t minutter, og andelen som hadde gitt opp innen t minutter."),
    "who_drops_out": gettext_noop(
        "Svarandel og frafall i kø etter aldersgruppe, kjønn og første kontakt, for dem som svarte på de frivillige "
        "spørsmålene. «Ikke oppgitt» er de som ikke svarte eller ikke ble spurt."),
    "topics": gettext_noop("Tema svareren registrerte, henvisninger til andre tjenester og overføringer."),
    "suppression": gettext_noop(
        "Tall fra 1 til 4 vises som «<5». For at de ikke skal kunne regnes ut fra summene, skjules også andre tall i samme rad "
        "eller kolonne («skjult»). Der selv det ikke er nok (når alle tallene og summen er små), vises også et lite tall som "
        "«skjult». I eksport er skjulte tall null med \"suppressed\": true."),
}

# The partition of offered contacts used for suppression: each row sums to `offered`.
PARTITION = ("answered", "abandoned_in_queue", "not_served_closed")


# --- arithmetic on aggregated counts ------------------------------------------------------------


def percentile(histogram, p: float):
    """Nearest-rank percentile of a histogram [(value, count), ...]: the smallest value such
    that at least a share p of all values are less than or equal to it (SQL percentile_disc)."""
    pairs = sorted((v, c) for v, c in histogram if c)
    n = sum(c for _v, c in pairs)
    if n == 0:
        return None
    rank = max(1, math.ceil(p * n - 1e-9))
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    return pairs[-1][0]


def share(numerator, denominator):
    if not denominator or numerator is None:
        return None
    return numerator / denominator


def derive(c: dict) -> dict:
    """From the raw counts of one group (see queries.COUNT_KEYS) to the indicator values."""
    offered = c.get("offered", 0)
    answered = c.get("answered", 0)
    out = {
        "offered": offered,
        "answered": answered,
        "answer_rate": share(answered, offered),
        "abandoned_in_queue": c.get("abandoned_in_queue", 0),
        "not_served_closed": c.get("not_served_closed", 0),
        "abandoned_after_answer": c.get("abandoned_after_answer", 0),
        "abandon_wait_seconds_p50": c.get("abandon_wait_seconds_p50"),
        "abandon_wait_seconds_p90": c.get("abandon_wait_seconds_p90"),
        "wait_seconds_p50": c.get("wait_seconds_p50"),
        "wait_seconds_p90": c.get("wait_seconds_p90"),
        "handle_seconds_mean": (c["handle_seconds_sum"] / c["handle_n"]) if c.get("handle_n") else None,
        "tried_while_closed": c.get("tried_while_closed", 0),
        "first_contact_share": share(c.get("first_contact_yes", 0), c.get("first_contact_known", 0)),
        "deadline_met_share": share(c.get("deadline_met_n", 0), c.get("deadline_known", 0)),
        "group_sessions": c.get("group_sessions", 0),
        "group_attendance": c.get("group_attendance", 0),
        "cases_active": c.get("cases_active", 0),
        "cases_closed": c.get("cases_closed", 0),
        "inquiries": c.get("inquiries", 0),
    }
    if out["handle_seconds_mean"] is not None:
        out["handle_seconds_mean"] = round(out["handle_seconds_mean"])
    return out


def dropout_curve(wait_minutes: dict, offered: int, max_minutes: int = 30):
    """From {"answered": {minute: n}, "abandoned": {minute: n}} (whole minutes waited, closed
    counted as leaving at their wait) to rows (t, share still waiting after t minutes, share
    given up within t minutes). A contact is still waiting at t when it waited more than t minutes."""
    left = {}
    for outcome, hist in wait_minutes.items():
        for minute, n in hist.items():
            left[minute] = left.get(minute, 0) + n
    abandoned = wait_minutes.get("abandoned", {})
    rows = []
    for t in range(0, max_minutes + 1):
        gone_by = sum(n for m, n in left.items() if m < t)
        # waited whole minutes m means between m and m+1 minutes: still waiting at t if m >= t
        still = sum(n for m, n in left.items() if m >= t)
        gave_up = sum(n for m, n in abandoned.items() if m < t)
        rows.append({"minutes": t, "still_waiting": share(still, offered), "gave_up": share(gave_up, offered), "_gone": gone_by})
    for r in rows:
        r.pop("_gone")
    return rows


# --- small-number protection (the rule itself: losen.stats.suppression) ---------------------------

def apply_states(values: dict, states: dict) -> dict:
    """Hide the values of one group: the partition cells by `states`, and everything derived
    from a hidden or small count. Returns a copy with hidden values None and "suppressed":
    {key: true} for each hidden key."""
    out = dict(values)
    hidden = {k for k, s in states.items() if s != SHOWN}
    for key in ("tried_while_closed", "group_sessions", "group_attendance", "cases_active", "cases_closed", "inquiries", "abandoned_after_answer"):
        if is_small(values.get(key)):
            hidden.add(key)
    offered = values.get("offered") or 0
    answered = values.get("answered") or 0
    abandoned = values.get("abandoned_in_queue") or 0
    if hidden & {"answered", "offered"} or is_small(offered - answered):
        hidden.add("answer_rate")
    if "answered" in hidden or answered < SMALL:
        hidden |= {"wait_seconds_p50", "wait_seconds_p90", "handle_seconds_mean", "deadline_met_share"}
    if "abandoned_in_queue" in hidden or abandoned < SMALL:
        hidden |= {"abandon_wait_seconds_p50", "abandon_wait_seconds_p90"}
    if is_small(values.get("abandoned_after_answer")) or is_small(answered - (values.get("abandoned_after_answer") or 0)):
        hidden.add("abandoned_after_answer")
    if values.get("first_contact_share") is not None and values.get("_first_contact_small"):
        hidden.add("first_contact_share")
    for key in hidden:
        if key in out:
            out[key] = None
    out.pop("_first_contact_small", None)
    out["suppressed"] = {k: True for k in sorted(hidden) if k in values}
    # for display only (not exported): "small" cells are shown as "<5", the rest as "skjult"
    out["why"] = {k: SMALL_CELL if states.get(k) == SMALL_CELL or (k not in states and BY_KEY[k].kind == "count" and is_small(values.get(k)))
                  else COMPLEMENTARY for k in out["suppressed"]}
    return out


def protect_counts(counts: dict) -> dict:
    """Small-number protection for a plain mapping of counts with their total (topics)."""
    states, _others, _total = suppress_list(list(counts.values()))
    return dict(zip(counts, states))
