"""How directory facts read to a person: status lines, channel actions, plain-word anonymity."""

from datetime import datetime

from django.utils import formats
from django.utils.translation import get_language, gettext as _, pgettext

from losen.directory import catalogue, hours, taxonomy



def _weekday(d):
    names = [_("mandag"), _("tirsdag"), _("onsdag"), _("torsdag"), _("fredag"), _("lørdag"), _("søndag")]
    return names[d.weekday()]


def when(moment: datetime, now: datetime) -> str:
    """'22:30', 'i morgen 09:00', 'torsdag 09:00' or '3. januar 09:00' in the active language."""
    local, today = moment.astimezone(hours.OSLO), now.astimezone(hours.OSLO).date()
    clock = local.strftime("%H:%M")
    days = (local.date() - today).days
    if days == 0:
        return clock
    if days == 1:
        return _("i morgen %(time)s") % {"time": clock}
    if days < 7:
        return f"{_weekday(local)} {clock}"
    return f"{formats.date_format(local.date(), 'MONTH_DAY_FORMAT')} {clock}"


def status_line(status: hours.Status, now: datetime, always_open=False) -> str:
    if always_open:
        return _("Åpen hele døgnet")
    if status.uncertain:
        return _("Usikkert – åpningstiden er en annen i ferier med ukjente datoer")
    if status.open is None:
        return _("Åpningstid ikke kjent")
    if status.open:
        if status.closes_at is None:
            return _("Åpen")
        return _("Åpen – stenger %(when)s") % {"when": when(status.closes_at, now)}
    if status.opens_at is None:
        return _("Stengt")
    return _("Stengt – åpner %(when)s") % {"when": when(status.opens_at, now)}


def status_class(status: hours.Status) -> str:
    return {True: "status-open", False: "status-closed", None: "status-unknown"}[status.open]


CHANNEL_NAMES = {
    "phone": lambda: pgettext("channel", "Telefon"),
    "chat": lambda: pgettext("channel", "Chat"),
    "sms": lambda: pgettext("channel", "SMS"),
    "email": lambda: pgettext("channel", "E-post"),
    "message": lambda: pgettext("channel", "Anonym melding"),
    "video": lambda: pgettext("channel", "Video"),
    "in_person": lambda: pgettext("channel", "Oppmøte"),
    "group": lambda: pgettext("channel", "Gruppe"),
    "forum": lambda: pgettext("channel", "Forum"),
    "friend_service": lambda: pgettext("channel", "Vennetjeneste"),
}


def channel_name(kind: str) -> str:
    return CHANNEL_NAMES.get(kind, lambda: kind)()


def tel_href(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


def action(channel_doc: dict, website: str | None = None) -> dict | None:
    """The thing to do now: ('Ring 116 111', 'tel:116111'), ('Start chat', url) ...

    A channel whose address is not known is never shown as a way to get help without a way to
    use it: it links to the service's own website ("Kontakt via nettsiden") when there is one.
    Returns None only when neither is known."""
    kind, address = channel_doc["kind"], channel_doc.get("address")
    if not address:
        if website and website.startswith(("https://", "http://")):
            return {"label": _("Kontakt via nettsiden"), "href": website, "via_website": True}
        return None
    if kind == "phone":
        return {"label": _("Ring %(number)s") % {"number": address}, "href": tel_href(address)}
    if kind == "sms":
        return {"label": _("Send SMS til %(number)s") % {"number": address}, "href": "sms:" + tel_href(address)[4:]}
    if kind == "email" and "@" in address and not address.startswith("http"):
        return {"label": _("Send e-post"), "href": f"mailto:{address}"}
    if address.startswith(("https://", "http://")):
        labels = {
            "chat": _("Start chat"),
            "message": _("Send anonym melding"),
            "video": _("Start videosamtale"),
            "forum": _("Gå til forumet"),
            "friend_service": _("Gå til vennetjenesten"),
        }
        return {"label": labels.get(kind, _("Gå til tjenesten")), "href": address}
    return None


def ui_language() -> str:
    """The language for texts the data holds in bokmål and English only."""
    return "en" if get_language() == "en" else "nb"


def text(value: dict | None, language=None) -> str | None:
    """The text in the active language, falling back to bokmål; None when unknown."""
    if not value:
        return None
    language = language or get_language() or "nb"
    return value.get(language) or value.get("nb")


def anonymity_words(code: str | None) -> str:
    return {
        "anonymous": _("Du kan være helt anonym."),
        "confidential": _("Det du sier blir ikke fortalt videre, men tjenesten kan se nummeret ditt eller vite hvem du er."),
        "not_anonymous": _("Tjenesten er ikke anonym."),
        None: _("Ikke kjent om du kan være anonym."),
    }[code]


def answered_by_words(code: str | None) -> str:
    return {
        "volunteers": _("Frivillige svarer."),
        "professionals": _("Fagfolk svarer."),
        "peers": _("Likepersoner med egen erfaring svarer."),
        "mixed": _("Både frivillige og fagfolk svarer."),
        None: _("Ikke kjent hvem som svarer."),
    }[code]


def age_words(target: dict) -> str:
    low, high = target.get("age_min"), target.get("age_max")
    if low is None and high is None:
        return _("Ingen aldersgrense oppgitt")
    if low is None:
        return _("Opp til %(high)s år") % {"high": high}
    if high is None:
        return _("Fra %(low)s år") % {"low": low}
    return _("%(low)s–%(high)s år") % {"low": low, "high": high}


def stale_note(last_verified) -> str:
    if last_verified is None:
        return _("Ikke kontrollert")
    return _("sist kontrollert %(date)s") % {"date": formats.date_format(last_verified, "SHORT_DATE_FORMAT")}


def channel_view(channel: catalogue.Channel, at, website: str | None = None):
    status = channel.schedule.status(at)
    doc = channel.doc
    return {
        "kind": channel.kind,
        "name": channel_name(channel.kind),
        "address": doc.get("address"),
        "address_source": doc.get("address_source"),
        "action": action(doc, website),
        "status": status,
        "always_open": channel.schedule.always_open,
        "status_line": status_line(status, at, channel.schedule.always_open),
        "status_class": status_class(status),
        "hours_text": text(doc.get("hours_text")),
        "week_table": channel.schedule.week_table(ui_language(), gettext=_),
        "languages": doc.get("languages"),
        "answer_time_hours": doc.get("answer_time_hours"),
    }


def entry_view(entry: catalogue.Entry, at):
    doc = entry.doc
    return {
        "slug": entry.slug,
        "name": text(doc.get("name")),
        "organisation": entry.organisation_name,
        "description": text(doc.get("description")),
        "channels": [channel_view(c, at, doc.get("website")) for c in entry.channels],
        "topics": [taxonomy.label(t, ui_language()) for t in doc.get("topics") or [] if t in taxonomy.CODES],
        "anonymity": anonymity_words(doc.get("anonymity")),
        "anonymity_text": text(doc.get("anonymity_text")),
        "answered_by": answered_by_words(doc.get("answered_by")),
        "staffing": text(doc.get("staffing")),
        "in_danger_text": text(doc.get("in_danger_text")),
        "target_text": text((doc.get("target") or {}).get("text")),
        "age": age_words(doc.get("target") or {}),
        "sami": doc.get("sami"),
        "sami_text": text((doc.get("sami") or {}).get("text")),
        "interpreter": doc.get("interpreter"),
        "website": doc.get("website"),
        "stale": entry.stale,
        "verified": stale_note(entry.last_verified),
        "source": doc.get("source"),
    }
