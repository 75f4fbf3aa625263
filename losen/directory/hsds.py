"""Losen directory records to and from HSDS 3.0 (Open Referral Human Services Data Specification).

Plain Python, no Django import. The Losen record format is ``docs/directory-data.md``; the HSDS
schemas are vendored in ``losen/directory/hsds_schema`` (see ``validate``).

API
---
``to_hsds_service(service, language="nb")``  one fully nested HSDS ``service`` object.
``to_hsds_service_list(services, page, per_page)``  the paginated ``GET /services`` response:
    HSDS's OpenAPI ``Page`` (total_items, total_pages, page_number, size, first_page,
    last_page, empty) with ``contents`` = items of ``compiled/service_list.json``, which is the
    *item* schema (a service's one-to-one fields), not the envelope.
``from_hsds_service(obj)``  back to a Losen record (lossless for what ``to_hsds_service`` wrote).
``validate(obj, schema_name)``  JSON Schema validation against the compiled HSDS schemas.
``service_id(slug)`` / ``organization_id(slug)``  stable ids: ``uuid5(NAMESPACE, "service:" + slug)``.
``taxonomies(language)``  the HSDS ``taxonomy`` objects that ``taxonomy_term.taxonomy_id`` names.

Every id in an export is a uuid5 of ``NAMESPACE`` and a readable key, so ids are stable
across exports and languages (the same service has the same id in the nb and the en export).

Mapping
-------
HSDS has one language per document. ``language`` picks the text for the native fields (falling
back to bokmål when a text lacks that language); every text in *every* language is also kept
in ``losen-text`` attributes, so the import restores all languages.

=========================  ===================================================================
Losen                      HSDS
=========================  ===================================================================
slug                       ``id`` (uuid5) + attribute ``losen``/``slug``
organisation               ``organization`` {id, name, description ""}, slug as attribute
name, description          ``name``, ``description`` (+ ``losen-text`` ``name:nb``, ...)
website                    ``url``
target.age_min / age_max   ``minimum_age`` / ``maximum_age`` (inclusive)
target.text                ``eligibility_description`` (+ ``losen-text`` ``target_text:*``)
target.gender              attribute ``losen``/``gender`` (value ``female`` / ``male``)
target.audiences           one attribute per audience, taxonomy ``losen-audience``
topics                     one attribute per topic, taxonomy ``losen-topic`` (code, name)
interpreter                ``interpretation_services`` (text) + ``losen``/``interpreter``
anonymity, answered_by     attributes ``losen``/``anonymity`` etc., value = the Losen code
staffing, anonymity_text,  ``losen-text`` attributes only (no HSDS field)
in_danger_text
sami                       attribute ``losen``/``sami`` (value = JSON); its languages are also
                           added to ``languages`` with the Sami text as the language note
volume_2024,               attributes ``losen``/<field>, value = JSON
answer_rate_2024, source,
additional_sources,
website_source
last_verified              ``assured_date``
channels                   see below
=========================  ===================================================================

Channels. HSDS has no "contact channel" object: it has ``phones``, one service ``url`` (the
website) and one service ``email``; ``contacts`` are named people or roles, which Losen does not
record, so no contacts are written. Every channel therefore becomes one service attribute in
the taxonomy ``losen-channel`` (term code = the channel kind, e.g. ``chat``) whose ``value`` is
the exact Losen channel as JSON, *including the exact hours spec* (``hours``) and where its
address was found (``address_source``). That attribute
is what the import reads. For HSDS consumers the channel is also projected onto native fields:

* ``phone`` / ``sms`` with a number -> ``phones[]`` (``type`` ``voice`` / ``text``, the RFC 6350
  type HSDS names for SMS), with the channel's languages and its hours text as description;
* the first ``email`` channel with an address -> ``email``;
* all channel languages (and the Sami languages) -> ``languages[]`` (ISO 639 code + name);
* the channel's opening hours -> ``schedules[]`` (HSDS 3.0 schedules belong to a service,
  location or service_at_location, not to a phone): ``attending_type`` names the channel and
  an attribute ``losen``/``channel`` (value = the channel attribute's id) links each schedule
  and phone to its channel.

Opening hours -> schedules (all times are wall-clock Europe/Oslo):

* ``weekly`` rule -> ``freq WEEKLY``, ``wkst MO``, ``byday`` ``MO,TU``, ``opens_at``/``closes_at``
  ``HH:MM``. A period past midnight keeps ``closes_at`` < ``opens_at`` (and a note); a period
  that ends at midnight closes at ``23:59`` (HSDS's convention, see its field guidance).
* ``week_parity``: ``interval 2`` with ``dtstart`` the Monday of a week of that ISO parity.
  RRULE counts every second week from dtstart, and that drifts from ISO parity after an ISO
  year with 53 weeks, so the rule is split into runs (dtstart .. until) that end with a
  53-week year, covering ``PARITY_HORIZON_YEARS`` ISO years from the record's last_verified
  year (or from the season / window start). Also attribute ``losen``/``week_parity``.
* ``seasons`` -> the season's rules with ``valid_from``/``valid_to``; the normal rules get
  ``valid_to``/``valid_from`` around every season (HSDS's "exceptional schedules" guidance),
  because a season replaces the normal rules.
* ``ph`` rules (public holidays) -> a schedule with opens_at/closes_at but no recurrence
  (RRULE cannot name Norwegian public holidays), attribute ``losen``/``public_holidays``.
* holiday policy -> a sentence in ``notes`` and attribute ``losen``/``holiday_policy``.
* ``always`` -> every day 00:00-23:59 (HSDS's 24h convention) + attribute ``losen``/``always_open``.
* ``unknown`` -> a schedule with only a description (the stated text or note) + attribute
  ``losen``/``hours_unknown``.
* ``timezone`` is left out: HSDS takes a fixed UTC offset and Norway switches between +1 and
  +2, so ``notes`` says "Europe/Oslo" instead.

What HSDS cannot express natively (kept in attributes, so the round trip stays lossless):
channels other than phone/SMS/email (chat, message, video, forum, group, in person) and their
URLs, several email addresses, public holidays and the holiday policy, ISO week parity beyond
the horizon, DST-aware local times, anonymity, Sami offer, audiences, gender restriction,
answer time and rate, contact volumes, who answers, staffing, sources, and texts in more than
one language. ``status`` is required by HSDS and always ``active`` (Losen lists only services
that exist); ``organization.description`` is required and Losen has none, so it is ``""``.

Import (``from_hsds_service``): for records Losen wrote, the attributes are authoritative,
except that a native text in the document language (name, description, eligibility) wins
over its ``losen-text`` copy, so an edit there is kept. Records from elsewhere (no Losen
attributes) are imported best effort: slug from the name, phones and email as channels,
WEEKLY schedules as hours (holiday policy "unknown"; MONTHLY rules, intervals above 2 and
UTC offsets are refused rather than guessed), ``source=`` names the source Losen requires.
Native schedules and phones are always checked, and the result must pass
``records.validate_service``; every problem raises ``ValueError`` naming the service and the
field. Optional keys a Losen record lacks come back as ``null``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import uuid
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from losen.directory import hours as _hours
from losen.directory import records as _records
from losen.directory import taxonomy as _taxonomy

__all__ = [
    "taxonomies",
    "NAMESPACE",
    "DEFAULT_PER_PAGE",
    "PARITY_HORIZON_YEARS",
    "SchemaNotFoundError",
    "HSDSValidationError",
    "service_id",
    "organization_id",
    "to_hsds_service",
    "to_hsds_service_list",
    "from_hsds_service",
    "validate",
    "schema_dir",
]

#: uuid5(NAMESPACE_URL, "urn:losen:hsds"), fixed forever: every exported id derives from it.
NAMESPACE = uuid.UUID("0d597b14-3a12-5ae8-9ca0-124e08f2b36c")

DEFAULT_PER_PAGE = 50
#: How many ISO years of alternate-week schedules an export spells out (see module docstring).
PARITY_HORIZON_YEARS = 10
#: Anchor year for alternate-week schedules of a record without last_verified.
PARITY_ANCHOR_YEAR = 2026
SCHEMA_DIR_ENV = "LOSEN_HSDS_SCHEMA_DIR"

# Vocabularies (HSDS taxonomy_term.taxonomy)
V_LOSEN = "losen"
V_TOPIC = "losen-topic"
V_AUDIENCE = "losen-audience"
V_CHANNEL = "losen-channel"
V_TEXT = "losen-text"

# The record keys in the order of docs/directory-data.md; the import always returns these.
_SERVICE_KEYS = (
    "slug",
    "organisation",
    "name",
    "description",
    "answered_by",
    "staffing",
    "website",
    "channels",
    "target",
    "topics",
    "anonymity",
    "anonymity_text",
    "in_danger_text",
    "sami",
    "interpreter",
    "volume_2024",
    "answer_rate_2024",
    "source",
    "last_verified",
)
_OPTIONAL_KEYS = ("additional_sources", "website_source")
_TARGET_KEYS = ("age_min", "age_max", "gender", "audiences", "text")
_TEXT_FIELDS = ("name", "description", "staffing", "target_text", "anonymity_text", "in_danger_text")
_JSON_FIELDS = ("sami", "volume_2024", "answer_rate_2024", "source", "additional_sources", "website_source")
_CODE_FIELDS = ("answered_by", "anonymity")

# One-to-one fields of compiled/service_list.json and of its nested organization.
SERVICE_LIST_FIELDS = (
    "id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
    "status", "interpretation_services", "application_process", "fees_description", "wait_time",
    "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age",
    "assured_date", "assurer_email", "licenses", "alert", "last_modified", "organization", "program",
)  # fmt: skip
ORGANIZATION_LIST_FIELDS = (
    "id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
    "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id",
)  # fmt: skip

#: The OpenAPI ``Page`` object of HSDS 3.0 (schema/openapi.json, components.schemas.Page).
#: Losen requires all of its fields in an envelope (the OpenAPI file lists none as required).
PAGE_SCHEMA = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
}

_DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
_DAY_INDEX = {d: i for i, d in enumerate(_DAYS)}
_DAY_NAMES = {
    "nb": ("man", "tir", "ons", "tor", "fre", "lør", "søn"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}

_KIND_LABELS = {
    "phone": ("Telefon", "Phone"),
    "chat": ("Chat", "Chat"),
    "sms": ("SMS", "SMS"),
    "email": ("E-post", "Email"),
    "message": ("Melding", "Message"),
    "video": ("Video", "Video"),
    "in_person": ("Samtale ansikt til ansikt", "In person"),
    "group": ("Gruppe", "Group"),
    "forum": ("Forum", "Forum"),
    "friend_service": ("Vennetjeneste", "Friend service"),
}
_AUDIENCE_LABELS = {
    "self": ("Den det gjelder", "The person concerned"),
    "next_of_kin": ("Pårørende", "Next of kin"),
    "professional": ("Fagpersoner", "Professionals"),
    "uses_violence": ("Personer som utøver vold", "People who use violence"),
}
_TEXT_LABELS = {
    "name": ("Navn", "Name"),
    "description": ("Beskrivelse", "Description"),
    "staffing": ("Bemanning", "Staffing"),
    "target_text": ("Målgruppe", "Target group"),
    "anonymity_text": ("Slik er du anonym", "How anonymity works"),
    "in_danger_text": ("Hvis du er i fare", "If you are in danger"),
}
# code -> (nb name, en name, nb description, en description)
_LOSEN_TERMS = {
    "slug": ("Losen-ID", "Losen identifier", "Det faste kortnavnet (slug) i Losen.", "The stable short name (slug) in Losen."),
    "document_language": ("Dokumentspråk", "Document language", "Språket (ISO 639) til tekstfeltene i dette HSDS-dokumentet.", "The language (ISO 639) of this HSDS document's text fields."),
    "answered_by": ("Hvem svarer", "Answered by", "Hvem som svarer: volunteers, professionals, peers eller mixed.", "Who answers: volunteers, professionals, peers or mixed."),
    "anonymity": ("Anonymitet", "Anonymity", "anonymous, confidential eller not_anonymous.", "anonymous, confidential or not_anonymous."),
    "interpreter": ("Tolk", "Interpreter", "Om tolk kan brukes: true eller false.", "Whether an interpreter can be used: true or false."),
    "gender": ("Kjønn", "Gender", "Tjenesten er bare for dette kjønnet: female eller male.", "The service is only for this gender: female or male."),
    "audiences": ("Målgrupper", "Audiences", "Verdien [] betyr at listen over målgrupper er tom.", "The value [] means the list of audiences is empty."),
    "sami": ("Samisk tilbud", "Sami offer", "Samisk språk- eller kulturkompetanse, som JSON.", "Sami language or culture competence, as JSON."),
    "volume_2024": ("Henvendelser 2024", "Contacts 2024", "Antall henvendelser i 2024 per kanal, som JSON.", "Number of contacts in 2024 per channel, as JSON."),
    "answer_rate_2024": ("Svarandel 2024", "Answer rate 2024", "Andel besvarte henvendelser i 2024, som JSON.", "Share of contacts answered in 2024, as JSON."),
    "answer_time_hours": ("Svartid", "Answer time", "Lovet svartid i timer for en kanal, som JSON {channel, kind, hours}.", "Promised answer time in hours for a channel, as JSON {channel, kind, hours}."),
    "source": ("Kilde", "Source", "Dokumentet og avsnittet opplysningene kommer fra, som JSON.", "The document and section the facts come from, as JSON."),
    "additional_sources": ("Flere kilder", "Additional sources", "Flere kilder, som JSON.", "More sources, as JSON."),
    "website_source": ("Kilde for nettsiden", "Website source", "Hvor nettadressen er hentet fra (url og lesedato), som JSON.", "Where the website address was found (url and date read), as JSON."),
    "extra": ("Andre Losen-felt", "Other Losen fields", "Felt i Losen-posten uten egen HSDS-tilordning, som JSON.", "Fields of the Losen record without an HSDS mapping, as JSON."),
    "target_extra": ("Andre målgruppefelt", "Other target fields", "Målgruppefelt uten egen HSDS-tilordning, som JSON.", "Target fields without an HSDS mapping, as JSON."),
    "channel": ("Kanal", "Channel", "Id-en til kanalattributtet (losen-channel) dette hører til.", "The id of the channel attribute (losen-channel) this belongs to."),
    "always_open": ("Døgnåpent", "Open around the clock", "Kanalen er åpen hele døgnet, alle dager.", "The channel is open around the clock, every day."),
    "hours_unknown": ("Åpningstid ukjent", "Opening hours not known", "Kildene oppgir ikke åpningstiden.", "The sources do not give the opening hours."),
    "holiday_policy": ("Helligdager", "Public holidays", "closed: stengt på røde dager unntatt egne tider; as_weekday: som vanlige ukedager; unknown: ikke oppgitt.", "closed: closed on public holidays except for holiday hours; as_weekday: as on ordinary weekdays; unknown: not stated."),
    "public_holidays": ("Røde dager", "Public holidays", "Tidene gjelder offentlige helligdager i Norge.", "The hours apply on Norwegian public holidays."),
    "week_parity": ("Ukeparitet", "Week parity", "Gjelder bare uker med partall (even) eller oddetall (odd) i ISO-ukenummeret.", "Applies only in even or odd ISO week numbers."),
    "season": ("Sesong", "Season", "Tidene gjelder en periode (fra/til) og erstatter de vanlige tidene da.", "The hours apply for a period (from/to) and replace the normal hours then."),
}  # fmt: skip
_VOCAB_DESCRIPTIONS = {
    V_LOSEN: ("Losen-felt som HSDS ikke har egne felt for; verdien er tekst eller JSON.", "Losen fields HSDS has no field for; the value is text or JSON."),
    V_TOPIC: ("Losens emneliste: hva man kan ta opp med tjenesten.", "Losen's topic list: what a person can bring to the service."),
    V_AUDIENCE: ("Hvem tjenesten er for.", "Who the service is for."),
    V_CHANNEL: ("Kontaktkanaler; verdien er kanalen i Losen-format som JSON, med eksakt åpningstid.", "Contact channels; the value is the channel in Losen format as JSON, with exact opening hours."),
    V_TEXT: ("Losen-tekster på alle språk; koden er felt:språk.", "Losen texts in every language; the code is field:language."),
}  # fmt: skip

_LANGUAGE_NAMES = {
    "nb": ("norsk bokmål", "Norwegian Bokmål"),
    "nn": ("norsk nynorsk", "Norwegian Nynorsk"),
    "no": ("norsk", "Norwegian"),
    "en": ("engelsk", "English"),
    "se": ("nordsamisk", "Northern Sami"),
    "smj": ("lulesamisk", "Lule Sami"),
    "sma": ("sørsamisk", "Southern Sami"),
    "smn": ("enaresamisk", "Inari Sami"),
    "sms": ("skoltesamisk", "Skolt Sami"),
    "fkv": ("kvensk", "Kven"),
    "sv": ("svensk", "Swedish"),
    "da": ("dansk", "Danish"),
    "de": ("tysk", "German"),
    "fr": ("fransk", "French"),
    "es": ("spansk", "Spanish"),
    "pl": ("polsk", "Polish"),
    "lt": ("litauisk", "Lithuanian"),
    "uk": ("ukrainsk", "Ukrainian"),
    "ru": ("russisk", "Russian"),
    "ar": ("arabisk", "Arabic"),
    "so": ("somali", "Somali"),
    "ti": ("tigrinja", "Tigrinya"),
    "fa": ("persisk", "Persian"),
    "prs": ("dari", "Dari"),
    "ps": ("pashto", "Pashto"),
    "ur": ("urdu", "Urdu"),
    "tr": ("tyrkisk", "Turkish"),
    "ku": ("kurdisk", "Kurdish"),
    "th": ("thai", "Thai"),
    "vi": ("vietnamesisk", "Vietnamese"),
    "zh": ("kinesisk", "Chinese"),
    "nsl": ("norsk tegnspråk", "Norwegian Sign Language"),
}

_HOLIDAY_NOTES = {
    "closed": (
        "Stengt på offentlige helligdager (røde dager), bortsett fra tider som er oppgitt for helligdager.",
        "Closed on Norwegian public holidays, except for hours given for public holidays.",
    ),
    "as_weekday": (
        "Tidene gjelder også når en offentlig helligdag faller på dagen.",
        "These hours also apply when a public holiday falls on the day.",
    ),
    "unknown": (
        "Kildene sier ikke om tjenesten er åpen på offentlige helligdager.",
        "The sources do not say whether the service is open on public holidays.",
    ),
}


class SchemaNotFoundError(FileNotFoundError):
    """The compiled HSDS 3.0 schemas are not where ``schema_dir`` looks."""


class HSDSValidationError(ValueError):
    """An object does not validate against an HSDS schema; ``errors`` lists every problem."""

    def __init__(self, schema_name: str, errors: list[str]):
        self.schema_name = schema_name
        self.errors = errors
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"HSDS {schema_name}: {errors[0]}{more}")


# --------------------------------------------------------------------------- ids and helpers


def _uuid(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def service_id(slug: str) -> str:
    """The stable HSDS id of a Losen service."""
    return _uuid("service", slug)


def organization_id(slug: str) -> str:
    """The stable HSDS id of a Losen organisation."""
    return _uuid("organization", slug)


def _t(language: str, nb: str, en: str) -> str:
    return en if language == "en" else nb


def _pick(texts, language: str) -> str | None:
    """The text in ``language``, else bokmål, else English, else any; None if there is none."""
    if not isinstance(texts, dict) or not texts:
        return None
    for lang in (language, "nb", "en"):
        if isinstance(texts.get(lang), str) and texts[lang]:
            return texts[lang]
    for value in texts.values():
        if isinstance(value, str) and value:
            return value
    return None


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _slugify(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "service"


def _is_url(address) -> bool:
    return isinstance(address, str) and re.match(r"^[a-z][a-z0-9+.-]*://", address, re.I) is not None


def _email_of(address) -> str | None:
    if not isinstance(address, str):
        return None
    if address.lower().startswith("mailto:"):
        address = address[7:]
    return address if re.match(r"^[^@\s/]+@[^@\s/]+\.[^@\s/]+$", address) else None


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


# --------------------------------------------------------------------------- taxonomy terms


def taxonomies(language: str = "nb") -> list[dict]:
    """The HSDS ``taxonomy`` objects of Losen's vocabularies (what ``taxonomy_id`` refers to)."""
    return [
        {"id": _uuid("taxonomy", vocab), "name": vocab, "description": _t(language, nb, en), "version": "1"}
        for vocab, (nb, en) in _VOCAB_DESCRIPTIONS.items()
    ]


def _term(vocab: str, code: str, language: str) -> dict:
    if vocab == V_TOPIC:
        term = _taxonomy.BY_CODE[code]
        name = _taxonomy.label(code, "en" if language == "en" else "nb")
        group = {"violence": ("voldsform", "form of violence"), "theme": ("tema", "theme")}.get(term.group, (term.group, term.group))
        description = _t(language, f"Emne i Losen ({group[0]}): {term.nb}.", f"Losen topic ({group[1]}): {term.en}.")
    elif vocab == V_AUDIENCE:
        nb, en = _AUDIENCE_LABELS.get(code, (code, code))
        name = _t(language, nb, en)
        description = _t(language, f"Målgruppe i Losen: {nb}.", f"Losen audience: {en}.")
    elif vocab == V_CHANNEL:
        nb, en = _KIND_LABELS.get(code, (code, code))
        name = _t(language, nb, en)
        description = _t(language, f"Kontaktkanal: {nb}.", f"Contact channel: {en}.")
    elif vocab == V_TEXT:
        field, _, lang = code.partition(":")
        nb, en = _TEXT_LABELS[field]
        lang_nb, lang_en = _LANGUAGE_NAMES.get(lang, (lang, lang))
        name = _t(language, f"{nb} ({lang_nb})", f"{en} ({lang_en})")
        description = _t(language, f"Feltet {field} på {lang_nb} ({lang}).", f"The field {field} in {lang_en} ({lang}).")
    else:
        nb, en, desc_nb, desc_en = _LOSEN_TERMS[code]
        name, description = _t(language, nb, en), _t(language, desc_nb, desc_en)
    return {
        "id": _uuid("taxonomy_term", vocab, code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": vocab,
        "taxonomy_id": _uuid("taxonomy", vocab),
        "language": language,
    }


def _attribute(owner_id: str, entity: str, vocab: str, code: str, language: str, value=None, key="") -> dict:
    term = _term(vocab, code, language)
    attribute = {
        "id": _uuid("attribute", owner_id, vocab, code, key),
        "link_id": owner_id,
        "link_entity": entity,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }
    if value is not None:
        attribute["value"] = value
    return attribute


# --------------------------------------------------------------------------- schedules


def _iso_weeks(year: int) -> int:
    return date(year, 12, 28).isocalendar().week


def _iso_year_start(year: int) -> date:
    return date.fromisocalendar(year, 1, 1)


def _iso_year_end(year: int) -> date:
    return date.fromisocalendar(year, _iso_weeks(year), 7)


def _parity_runs(start: date, end: date, parity: int) -> list[tuple[date, date]]:
    """(dtstart, until) pairs so that ``FREQ=WEEKLY;INTERVAL=2`` from each dtstart to its until
    hits exactly the weeks in [start, end] whose ISO week number has the given parity (0 = even).

    Every second week keeps the ISO parity across a 52-week year, not across a 53-week one
    (week 53 and the next week 1 are both odd), so a run ends with each 53-week ISO year.
    """
    runs = []
    run_start = start
    while run_start <= end:
        year = run_start.isocalendar().year
        while _iso_weeks(year) == 52 and _iso_year_end(year) < end:
            year += 1
        run_end = min(end, _iso_year_end(year))
        monday = run_start - timedelta(days=run_start.weekday())
        if monday.isocalendar().week % 2 != parity:
            monday += timedelta(days=7)
        if monday <= run_end:
            runs.append((monday, run_end))
        run_start = _iso_year_end(year) + timedelta(days=1)
    return runs


def _minutes(value: str) -> int:
    return 1440 if value == "24:00" else int(value[:2]) * 60 + int(value[3:])


def _days_text(days, language: str) -> str:
    names = _DAY_NAMES["en" if language == "en" else "nb"]
    idx = sorted(_DAY_INDEX[d] for d in days if d in _DAY_INDEX)
    if len(idx) == 7:
        return _t(language, "alle dager", "every day")
    groups: list[list[int]] = []
    for i in idx:
        if groups and i == groups[-1][-1] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    parts = []
    for g in groups:
        if len(g) >= 3:
            parts.append(f"{names[g[0]]}–{names[g[-1]]}")
        else:
            parts.extend(names[i] for i in g)
    return ", ".join(parts)


_SCHEDULE_ORDER = (
    "id", "service_id", "valid_from", "valid_to", "dtstart", "until", "wkst", "freq", "interval",
    "byday", "opens_at", "closes_at", "description", "attending_type", "notes", "attributes",
)  # fmt: skip


class _ScheduleBuilder:
    """Turns one channel's hours spec into HSDS schedule objects."""

    def __init__(self, sid: str, slug: str, channel: dict, key: str, channel_ref: str, language: str, anchor_year: int):
        self.sid = sid
        self.channel = channel
        self.key = key
        self.channel_ref = channel_ref
        self.language = language
        self.anchor_year = anchor_year
        self.slug = slug
        kind = channel["kind"]
        self.label = _t(language, *_KIND_LABELS.get(kind, (kind, kind)))
        address = channel.get("address")
        self.attending = f"{self.label}: {address}" if address else self.label
        self.out: list[dict] = []

    def _new(self, description: str, notes: list[str], extra_attrs: list[tuple[str, str | None]]) -> dict:
        schedule_id = _uuid("schedule", self.slug, self.key, len(self.out))
        language = self.language
        notes = list(notes)
        stated = _pick(self.channel.get("hours_text"), language)
        if stated:
            notes.append(_t(language, f"Oppgitt åpningstid: {stated}", f"Opening hours as stated: {stated}"))
        notes.append(_t(language, "Tidene er norsk lokal tid (Europe/Oslo).", "Times are Norwegian local time (Europe/Oslo)."))
        notes = [n if n.rstrip().endswith((".", "!", "?", ")", "»")) else n.rstrip() + "." for n in notes]
        attrs = [_attribute(schedule_id, "schedule", V_LOSEN, "channel", language, self.channel_ref)]
        attrs += [_attribute(schedule_id, "schedule", V_LOSEN, code, language, value) for code, value in extra_attrs]
        schedule = {
            "id": schedule_id,
            "service_id": self.sid,
            "description": description,
            "attending_type": self.attending,
            "notes": " ".join(notes),
            "attributes": attrs,
        }
        self.out.append(schedule)
        return schedule

    def build(self) -> list[dict]:
        spec = self.channel["hours"]
        language = self.language
        note = _pick(spec.get("note"), language)
        if spec["kind"] == "always":
            s = self._new(
                f"{self.label}: " + _t(language, "døgnåpent, alle dager", "open around the clock, every day"),
                [note] if note else [],
                [("always_open", None)],
            )
            s.update({"freq": "WEEKLY", "wkst": "MO", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59"})
        elif spec["kind"] == "unknown":
            stated = _pick(self.channel.get("hours_text"), language)
            text = stated or note or _t(language, "åpningstid ikke kjent", "opening hours not known")
            self._new(f"{self.label}: {text}", [note] if note and stated else [], [("hours_unknown", None)])
        else:
            self._weekly(spec, note)
        return [{k: s[k] for k in _SCHEDULE_ORDER if k in s} for s in self.out]

    def _weekly(self, spec: dict, note: str | None) -> None:
        seasons = sorted(spec.get("seasons") or [], key=lambda s: s["from"])
        # The normal rules hold outside every season.
        windows: list[tuple[date | None, date | None]] = []
        start: date | None = None
        for season in seasons:
            end = date.fromisoformat(season["from"]) - timedelta(days=1)
            if start is None or start <= end:
                windows.append((start, end))
            start = date.fromisoformat(season["to"]) + timedelta(days=1)
        windows.append((start, None))
        for window in windows:
            for rule in spec["rules"]:
                self._rule(rule, spec, window, None, note)
        for season in seasons:
            window = (date.fromisoformat(season["from"]), date.fromisoformat(season["to"]))
            for rule in season["rules"]:
                self._rule(rule, spec, window, season, note)

    def _rule(self, rule: dict, spec: dict, window, season, note) -> None:
        language = self.language
        open_, close = rule["open"], rule["close"]
        open_min, close_min = _minutes(open_), _minutes(close)
        midnight = close in ("00:00", "24:00")
        overnight = not midnight and close_min <= open_min
        parity = rule.get("week_parity")
        close_shown = "24:00" if midnight else close
        timing = f"{open_}–{close_shown}"
        if overnight:
            timing += _t(language, " (til neste dag)", " (into the next day)")
        if parity:
            timing += _t(language, ", ", ", ") + _t(
                language,
                "uker med partall" if parity == "even" else "uker med oddetall",
                "even-numbered weeks" if parity == "even" else "odd-numbered weeks",
            )
        if season:
            label = _pick(season["label"], language)
            timing += f" ({label}, {season['from']}–{season['to']})"
        notes = []
        if overnight:
            notes.append(_t(language, f"Stenger kl. {close} dagen etter.", f"Closes at {close} the next day."))
        if parity:
            notes.append(
                _t(
                    language,
                    f"Bare i uker med {'partall' if parity == 'even' else 'oddetall'} (ISO-ukenummer).",
                    f"Only in {'even' if parity == 'even' else 'odd'}-numbered ISO weeks.",
                )
            )
        if note:
            notes.append(note)
        extra = [("holiday_policy", spec["holidays"])]
        if parity:
            extra.append(("week_parity", parity))
        if season:
            extra.append(("season", _dumps({"label": season["label"], "from": season["from"], "to": season["to"]})))
        times = {"opens_at": open_, "closes_at": "23:59" if midnight else close}
        validity = {}
        if window[0] is not None:
            validity["valid_from"] = window[0].isoformat()
        if window[1] is not None:
            validity["valid_to"] = window[1].isoformat()

        weekdays = [d for d in _DAYS if d in rule["days"]]
        if "ph" in rule["days"]:
            s = self._new(
                f"{self.label}: " + _t(language, "offentlige helligdager", "public holidays") + f" {timing}",
                [_t(language, "Gjelder offentlige helligdager i Norge (røde dager).", "Applies on Norwegian public holidays.")] + notes,
                extra + [("public_holidays", None)],
            )
            s.update(validity)
            s.update(times)
        if not weekdays:
            return
        description = f"{self.label}: {_days_text(weekdays, language)} {timing}"
        notes = notes + [_t(language, *_HOLIDAY_NOTES[spec["holidays"]])]
        recurrence = {"freq": "WEEKLY", "wkst": "MO", "byday": ",".join(d.upper() for d in weekdays)}
        if not parity:
            s = self._new(description, notes, extra)
            s.update(validity)
            s.update(recurrence)
            s.update(times)
            return
        first = window[0] or _iso_year_start(min(self.anchor_year, window[1].isocalendar().year if window[1] else self.anchor_year))
        last = window[1] or _iso_year_end(max(self.anchor_year, first.isocalendar().year) + PARITY_HORIZON_YEARS - 1)
        for dtstart, until in _parity_runs(first, last, 0 if parity == "even" else 1):
            s = self._new(description, notes, extra)
            s.update(validity)
            s.update(recurrence)
            s.update({"interval": 2, "dtstart": dtstart.isoformat(), "until": until.isoformat()})
            s.update(times)


# --------------------------------------------------------------------------- export


def _check_input(service) -> None:
    if not isinstance(service, dict):
        raise ValueError(f"a Losen service must be a dict, not {type(service).__name__}")
    _records.validate_service(service)
    if not isinstance(service.get("target"), dict):
        raise _records.RecordError(service.get("slug") or "?", ["target: must be an object"])


def to_hsds_service(service: dict, *, language: str = "nb") -> dict:
    """One fully nested HSDS 3.0 service (validates against ``compiled/service.json``).

    ``language`` is the language of the native text fields; every language is kept in
    ``losen-text`` attributes. Raises ``ValueError`` if ``service`` is not a valid Losen record.
    """
    _check_input(service)
    slug = service["slug"]
    sid = service_id(slug)
    org = service["organisation"]
    oid = organization_id(org["slug"])
    target = service["target"]
    out: dict = {"id": sid, "organization_id": oid, "name": _pick(service["name"], language)}
    description = _pick(service["description"], language)
    if description is not None:
        out["description"] = description
    if service.get("website"):
        out["url"] = service["website"]
    channels = service.get("channels") or []
    email = next((_email_of(c.get("address")) for c in channels if c.get("kind") == "email" and _email_of(c.get("address"))), None)
    if email:
        out["email"] = email
    out["status"] = "active"
    if service.get("interpreter") is not None:
        out["interpretation_services"] = (
            _t(language, "Tolk kan brukes.", "An interpreter can be used.")
            if service["interpreter"]
            else _t(language, "Tjenesten tilbyr ikke tolk.", "The service does not offer an interpreter.")
        )
    eligibility = _pick(target.get("text"), language)
    if eligibility:
        out["eligibility_description"] = eligibility
    if target.get("age_min") is not None:
        out["minimum_age"] = target["age_min"]
    if target.get("age_max") is not None:
        out["maximum_age"] = target["age_max"]
    if service.get("last_verified"):
        out["assured_date"] = service["last_verified"]

    anchor_year = PARITY_ANCHOR_YEAR
    if service.get("last_verified"):
        anchor_year = date.fromisoformat(service["last_verified"]).isocalendar().year

    attrs: list[dict] = []
    used: set[str] = set()

    def add(vocab, code, value=None, key=""):
        attribute = _attribute(sid, "service", vocab, code, language, value, key)
        n = 1
        while attribute["id"] in used:  # a code listed twice (e.g. a repeated topic)
            n += 1
            attribute = _attribute(sid, "service", vocab, code, language, value, f"{key}#{n}")
        used.add(attribute["id"])
        attrs.append(attribute)

    add(V_LOSEN, "slug", slug)
    add(V_LOSEN, "document_language", language)

    # Channels -> losen-channel attributes + phones, schedules, languages.
    phones: list[dict] = []
    schedules: list[dict] = []
    languages: dict[str, dict] = {}
    seen_kinds: dict[str, int] = {}
    for channel in channels:
        kind = channel["kind"]
        n = seen_kinds.get(kind, 0)
        seen_kinds[kind] = n + 1
        key = f"{kind}:{n}"
        add(V_CHANNEL, kind, _dumps(channel), str(n))
        ref = attrs[-1]["id"]
        if channel.get("answer_time_hours") is not None:
            add(V_LOSEN, "answer_time_hours", _dumps({"channel": ref, "kind": kind, "hours": channel["answer_time_hours"]}), key)
        codes = [c for c in channel.get("languages") or [] if isinstance(c, str)]
        for code in codes:
            languages.setdefault(code, {})
        address = channel.get("address")
        if kind in ("phone", "sms") and isinstance(address, str) and address.strip() and not _is_url(address):
            pid = _uuid("phone", slug, key)
            label = _t(language, *_KIND_LABELS[kind])
            stated = _pick(channel.get("hours_text"), language)
            phone = {
                "id": pid,
                "service_id": sid,
                "number": address,
                "type": "voice" if kind == "phone" else "text",
                "description": f"{label}: {stated}" if stated else label,
            }
            if codes:
                phone["languages"] = [_language(_uuid("language", pid, c), c, language, phone_id=pid) for c in codes]
            phone["attributes"] = [_attribute(pid, "phone", V_LOSEN, "channel", language, ref)]
            phones.append(phone)
        schedules += _ScheduleBuilder(sid, slug, channel, key, ref, language, anchor_year).build()

    sami = service.get("sami")
    if isinstance(sami, dict):
        sami_note = _pick(sami.get("text"), language)
        for code in sami.get("languages") or []:
            if isinstance(code, str):
                entry = languages.setdefault(code, {})
                if sami_note:
                    entry["note"] = sami_note

    # Texts in every language.
    texts = {
        "name": service.get("name"),
        "description": service.get("description"),
        "staffing": service.get("staffing"),
        "target_text": target.get("text"),
        "anonymity_text": service.get("anonymity_text"),
        "in_danger_text": service.get("in_danger_text"),
    }
    for field in _TEXT_FIELDS:
        value = texts[field]
        if isinstance(value, dict):
            for lang, text in value.items():
                add(V_TEXT, f"{field}:{lang}", text)

    for field in _CODE_FIELDS:
        if service.get(field) is not None:
            add(V_LOSEN, field, str(service[field]))
    if service.get("interpreter") is not None:
        add(V_LOSEN, "interpreter", "true" if service["interpreter"] else "false")
    if target.get("gender") is not None:
        add(V_LOSEN, "gender", target["gender"])
    audiences = target.get("audiences")
    if audiences == []:
        add(V_LOSEN, "audiences", "[]")
    for code in audiences or []:
        add(V_AUDIENCE, code)
    for code in service.get("topics") or []:
        add(V_TOPIC, code)
    for field in _JSON_FIELDS:
        if service.get(field) is not None:
            add(V_LOSEN, field, _dumps(service[field]))
    extra = {k: v for k, v in service.items() if k not in _SERVICE_KEYS and k not in _OPTIONAL_KEYS}
    if extra:
        add(V_LOSEN, "extra", _dumps(extra))
    target_extra = {k: v for k, v in target.items() if k not in _TARGET_KEYS}
    if target_extra:
        add(V_LOSEN, "target_extra", _dumps(target_extra))

    if phones:
        out["phones"] = phones
    if schedules:
        out["schedules"] = schedules
    if languages:
        out["languages"] = [
            _language(_uuid("language", sid, code), code, language, service_id=sid, note=info.get("note"))
            for code, info in languages.items()
        ]
    out["organization"] = {
        "id": oid,
        "name": org["name"],
        "description": "",
        "attributes": [_attribute(oid, "organization", V_LOSEN, "slug", language, org["slug"])],
    }
    out["attributes"] = attrs
    return out


def _language(lid: str, code: str, language: str, *, service_id=None, phone_id=None, note=None) -> dict:
    obj = {"id": lid}
    if service_id:
        obj["service_id"] = service_id
    if phone_id:
        obj["phone_id"] = phone_id
    if code in _LANGUAGE_NAMES:
        obj["name"] = _t(language, *_LANGUAGE_NAMES[code])
    obj["code"] = code
    if note:
        obj["note"] = note
    return obj


def _list_item(service: dict) -> dict:
    item = {k: service[k] for k in SERVICE_LIST_FIELDS if k in service}
    if "organization" in item:
        item["organization"] = {k: v for k, v in item["organization"].items() if k in ORGANIZATION_LIST_FIELDS}
    return item


def to_hsds_service_list(
    services: list[dict], page: int = 1, per_page: int = DEFAULT_PER_PAGE, *, language: str = "nb", full: bool = False
) -> dict:
    """The paginated ``GET /services`` response of the HSDS 3.0 API: a ``Page`` envelope whose
    ``contents`` are service_list items (one-to-one fields only), or full services with
    ``full=True`` (the API's ``full`` parameter). ``page`` counts from 1; a page past the end is
    empty. Validate with ``validate(obj, "service_list")``.
    """
    if not isinstance(page, int) or isinstance(page, bool) or page < 1:
        raise ValueError(f"page must be a whole number from 1, not {page!r}")
    if not isinstance(per_page, int) or isinstance(per_page, bool) or per_page < 1:
        raise ValueError(f"per_page must be a whole number from 1, not {per_page!r}")
    total = len(services)
    total_pages = math.ceil(total / per_page)
    chunk = services[(page - 1) * per_page : page * per_page]
    contents = []
    for service in chunk:
        obj = to_hsds_service(service, language=language)
        contents.append(obj if full else _list_item(obj))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# --------------------------------------------------------------------------- import

_HSDS_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BYDAY_WEEKLY = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)$")
_BYDAY_MONTHLY = re.compile(r"^[+-]?(?:[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")


def _fail(where: str, message: str):
    raise ValueError(f"{where}: {message}")


def _date_field(obj: dict, key: str, where: str) -> date | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    _fail(where, f"{key} {value!r} is not a date YYYY-MM-DD")


def _check_schedule(s, where: str) -> None:
    """Structural checks of one HSDS schedule: what the JSON Schema does not catch."""
    if not isinstance(s, dict):
        _fail(where, "must be an object")
    freq = s.get("freq")
    if freq not in (None, "WEEKLY", "MONTHLY"):
        _fail(where, f"freq {freq!r} is not WEEKLY or MONTHLY")
    byday = s.get("byday")
    if byday is not None:
        if not isinstance(byday, str) or not byday.strip():
            _fail(where, f"byday {byday!r} is not a comma-separated list of days (MO,TU,...)")
        if freq is None:
            _fail(where, "byday is given without freq")
        pattern = _BYDAY_WEEKLY if freq == "WEEKLY" else _BYDAY_MONTHLY
        for token in byday.split(","):
            if not pattern.match(token.strip()):
                _fail(where, f"byday {byday!r}: {token.strip()!r} is not a day (MO TU WE TH FR SA SU)")
    for key in ("opens_at", "closes_at"):
        value = s.get(key)
        if value is not None and (not isinstance(value, str) or not _HSDS_TIME.match(value)):
            _fail(where, f"{key} {value!r} is not a time HH:MM")
    for key in ("interval", "count"):
        value = s.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 1 or value != int(value)):
            _fail(where, f"{key} {value!r} is not a whole number from 1")
    valid_from = _date_field(s, "valid_from", where)
    valid_to = _date_field(s, "valid_to", where)
    dtstart = _date_field(s, "dtstart", where)
    until = _date_field(s, "until", where)
    if valid_from and valid_to and valid_from > valid_to:
        _fail(where, f"valid_from {s['valid_from']} is after valid_to {s['valid_to']}")
    if dtstart and until and dtstart > until:
        _fail(where, f"dtstart {s['dtstart']} is after until {s['until']}")
    if s.get("interval") not in (None, 1) and dtstart is None:
        _fail(where, "interval needs dtstart (the first week of the series)")


def _hhmm(value: str, where: str, key: str) -> str:
    match = re.match(r"^(\d\d:\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:?\d\d)?$", value)
    if match.group(4):
        _fail(where, f"{key} {value!r}: time zone offsets cannot be imported (Losen times are Norwegian local time)")
    if (match.group(2) or "00") != "00" or (match.group(3) or "0").strip("0"):
        _fail(where, f"{key} {value!r}: Losen opening hours have whole minutes")
    return match.group(1)


def _schedules_to_hours(schedules: list[dict], where: str) -> dict:
    """Best-effort Losen hours spec from HSDS schedules (records not written by Losen)."""
    recurring = [s for s in schedules if s.get("freq")]
    if not recurring:
        return {"kind": "unknown"}
    rules: list[dict] = []
    seasons: dict[tuple[str, str], list[dict]] = {}
    for i, s in enumerate(recurring):
        swhere = f"{where}: schedule {s.get('id', i)}"
        if s["freq"] != "WEEKLY":
            _fail(swhere, f"freq {s['freq']} cannot be expressed as Losen opening hours (only WEEKLY)")
        for key in ("byday", "opens_at", "closes_at"):
            if not s.get(key):
                _fail(swhere, f"a WEEKLY schedule needs {key} to become Losen opening hours")
        interval = int(s.get("interval") or 1)
        if interval not in (1, 2):
            _fail(swhere, f"interval {interval} cannot be expressed as Losen opening hours (only 1 or 2)")
        close = _hhmm(s["closes_at"], swhere, "closes_at")
        rule = {
            "days": [t.strip().lower() for t in s["byday"].split(",")],
            "open": _hhmm(s["opens_at"], swhere, "opens_at"),
            "close": "24:00" if close == "23:59" else close,
        }
        if interval == 2:
            week = date.fromisoformat(s["dtstart"]).isocalendar().week
            rule["week_parity"] = "even" if week % 2 == 0 else "odd"
        if s.get("valid_from") and s.get("valid_to"):
            seasons.setdefault((s["valid_from"], s["valid_to"]), []).append(rule)
        else:
            rules.append(rule)
    if not seasons and len(rules) == 1 and set(rules[0]["days"]) == set(_DAYS) and len(rules[0]["days"]) == 7:
        if rules[0]["open"] == "00:00" and rules[0]["close"] in ("00:00", "24:00") and "week_parity" not in rules[0]:
            return {"kind": "always"}
    spec: dict = {"kind": "weekly", "holidays": "unknown", "rules": rules}
    if seasons:
        spec["seasons"] = [
            {"label": {"nb": f"{start}–{end}"}, "from": start, "to": end, "rules": season_rules}
            for (start, end), season_rules in sorted(seasons.items())
        ]
    try:
        _hours.validate(spec)
    except _hours.HoursSpecError as exc:
        _fail(where, f"schedules do not make valid opening hours: {exc}")
    return spec


def _read_attributes(attributes, where: str) -> list[tuple[str, str, object]]:
    """(taxonomy, code, value) of each attribute, in order."""
    if attributes is None:
        return []
    if not isinstance(attributes, list):
        _fail(where, "attributes must be a list")
    out = []
    for i, a in enumerate(attributes):
        if not isinstance(a, dict):
            _fail(where, f"attributes[{i}] must be an object")
        term = a.get("taxonomy_term")
        if not isinstance(term, dict):
            continue  # an attribute without an embedded term carries nothing Losen can read
        out.append((term.get("taxonomy"), term.get("code"), a.get("value")))
    return out


def _json_value(value, where: str, what: str):
    if not isinstance(value, str):
        _fail(where, f"attribute {what} needs a JSON string value")
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        _fail(where, f"attribute {what}: value is not valid JSON ({exc.msg})")


def from_hsds_service(obj: dict, *, language: str | None = None, source: dict | None = None) -> dict:
    """A Losen record from one HSDS 3.0 service.

    For a record without Losen attributes (not exported by Losen): ``language`` is its
    document language (default nb) and ``source`` the Losen ``source`` to record for it
    ({"document": ..., "section": ...}); Losen records must name their source.
    Raises ``ValueError`` naming the problem when the service cannot become a valid record.
    """
    if not isinstance(obj, dict):
        raise ValueError(f"an HSDS service must be a JSON object, not {type(obj).__name__}")
    where = f"HSDS service {obj.get('id') or obj.get('name') or '?'}"
    name = obj.get("name")
    if not isinstance(name, str) or not name.strip():
        _fail(where, "'name' is missing or empty (HSDS and Losen both require a service name)")

    attrs = _read_attributes(obj.get("attributes"), where)
    losen: dict[str, object] = {}
    channel_values: list[tuple[str, object]] = []
    topics: list[str] = []
    audiences: list[str] = []
    texts: dict[str, dict[str, str]] = {}
    for vocab, code, value in attrs:
        if vocab == V_LOSEN and isinstance(code, str):
            losen.setdefault(code, value)
        elif vocab == V_CHANNEL:
            channel_values.append((code, value))
        elif vocab == V_TOPIC:
            if code not in _taxonomy.CODES:
                _fail(where, f"topic {code!r} is not a Losen taxonomy code")
            topics.append(code)
        elif vocab == V_AUDIENCE:
            audiences.append(code)
        elif vocab == V_TEXT and isinstance(code, str) and ":" in code:
            field, _, lang = code.partition(":")
            if field in _TEXT_FIELDS and isinstance(value, str):
                texts.setdefault(field, {})[lang] = value
    doc_lang = losen.get("document_language") if isinstance(losen.get("document_language"), str) else (language or "nb")

    def text(field: str, native) -> dict | None:
        result = dict(texts.get(field, {}))
        if isinstance(native, str) and native:
            if not result:
                result = {doc_lang: native}
            elif doc_lang in result:
                result[doc_lang] = native  # an edit of the native field wins
        return result or None

    # Organisation.
    org = obj.get("organization")
    if not isinstance(org, dict) or not isinstance(org.get("name"), str) or not org["name"].strip():
        _fail(where, "'organization' with a name is missing (Losen needs the organisation behind a service)")
    org_losen = {c: v for t, c, v in _read_attributes(org.get("attributes"), f"{where}: organization") if t == V_LOSEN}
    org_slug = org_losen.get("slug") if isinstance(org_losen.get("slug"), str) else _slugify(org["name"])

    # Native parts are checked whatever the attributes say.
    schedules = obj.get("schedules") or []
    if not isinstance(schedules, list):
        _fail(where, "schedules must be a list")
    for i, s in enumerate(schedules):
        _check_schedule(s, f"{where}: schedules[{i}] ({s.get('id', '?') if isinstance(s, dict) else '?'})")
    phones = obj.get("phones") or []
    if not isinstance(phones, list):
        _fail(where, "phones must be a list")
    for i, p in enumerate(phones):
        if not isinstance(p, dict) or not isinstance(p.get("number"), str) or not p["number"].strip():
            _fail(where, f"phones[{i}] needs a number")

    # Channels.
    if channel_values:
        channels = []
        for i, (code, value) in enumerate(channel_values):
            cwhere = f"{where}: channel attribute {i} ({code})"
            channel = _json_value(value, cwhere, V_CHANNEL)
            if not isinstance(channel, dict):
                _fail(cwhere, "value must be a JSON object")
            if channel.get("kind") != code:
                _fail(cwhere, f"term code {code!r} and channel kind {channel.get('kind')!r} differ")
            try:
                _hours.validate(channel.get("hours"))
            except _hours.HoursSpecError as exc:
                _fail(cwhere, f"bad opening hours: {exc}")
            channels.append(channel)
    else:
        hours_spec = _schedules_to_hours(schedules, where)
        channels = []
        for p in phones:
            codes = [lang["code"] for lang in p.get("languages") or [] if isinstance(lang, dict) and isinstance(lang.get("code"), str)]
            channels.append(
                {
                    "kind": "sms" if p.get("type") in ("text", "sms") else "phone",
                    "address": p["number"],
                    "languages": codes or None,
                    "answer_time_hours": None,
                    "hours": hours_spec,
                    "hours_text": None,
                }
            )
        if obj.get("email"):
            channels.append(
                {"kind": "email", "address": obj["email"], "languages": None, "answer_time_hours": None, "hours": {"kind": "unknown"}, "hours_text": None}
            )

    def json_field(field):
        return _json_value(losen[field], where, f"{V_LOSEN}/{field}") if field in losen else None

    interpreter = losen.get("interpreter")
    if interpreter is not None and interpreter not in ("true", "false"):
        _fail(where, f"attribute losen/interpreter is {interpreter!r}, not true or false")
    if "audiences" in losen and losen["audiences"] != "[]":
        _fail(where, f"attribute losen/audiences is {losen['audiences']!r}; only [] is used")

    target = {
        "age_min": _number(obj.get("minimum_age")),
        "age_max": _number(obj.get("maximum_age")),
        "gender": losen.get("gender"),
        "audiences": audiences or ([] if "audiences" in losen else None),
        "text": text("target_text", obj.get("eligibility_description")),
    }
    target_extra = json_field("target_extra")
    if target_extra is not None:
        if not isinstance(target_extra, dict):
            _fail(where, "attribute losen/target_extra must be a JSON object")
        target.update(target_extra)

    last_verified = obj.get("assured_date")
    if last_verified is not None:
        _date_field(obj, "assured_date", where)

    doc = {
        "slug": losen["slug"] if isinstance(losen.get("slug"), str) else _slugify(name),
        "organisation": {"slug": org_slug, "name": org["name"]},
        "name": text("name", name),
        "description": text("description", obj.get("description")),
        "answered_by": losen.get("answered_by"),
        "staffing": text("staffing", None),
        "website": obj.get("url"),
        "channels": channels,
        "target": target,
        "topics": topics,
        "anonymity": losen.get("anonymity"),
        "anonymity_text": text("anonymity_text", None),
        "in_danger_text": text("in_danger_text", None),
        "sami": json_field("sami"),
        "interpreter": None if interpreter is None else interpreter == "true",
        "volume_2024": json_field("volume_2024"),
        "answer_rate_2024": json_field("answer_rate_2024"),
        "source": json_field("source") if "source" in losen else source,
        "last_verified": last_verified,
    }
    for field in _OPTIONAL_KEYS:
        if field in losen:
            doc[field] = json_field(field)
    extra = json_field("extra")
    if extra is not None:
        if not isinstance(extra, dict):
            _fail(where, "attribute losen/extra must be a JSON object")
        doc.update({k: v for k, v in extra.items() if k not in doc})
    try:
        _records.validate_service(doc)
    except ValueError as exc:
        _fail(where, f"not a valid Losen record: {exc}")
    return doc


# --------------------------------------------------------------------------- validation


_configured_dir: Path | None = None


def use_schema_dir(folder: str | Path | None) -> None:
    """Set the default folder (the directory app passes ``settings.LOSEN_HSDS_SCHEMA_DIR``)."""
    global _configured_dir
    _configured_dir = Path(folder) if folder else None


def schema_dir(configured: str | Path | None = None) -> Path:
    """The folder with the compiled HSDS 3.0 schemas.

    ``configured`` if given, else the folder set by ``use_schema_dir`` (Django's
    ``settings.LOSEN_HSDS_SCHEMA_DIR``, from ``$LOSEN_HSDS_SCHEMA_DIR``), else
    the copy vendored in ``losen/directory/hsds_schema`` (see its SOURCE.md). Raises
    ``SchemaNotFoundError`` if missing.
    """
    configured = configured or _configured_dir
    if configured:
        path = Path(configured)
        if not (path / "service.json").is_file():
            raise SchemaNotFoundError(f"{SCHEMA_DIR_ENV}={configured!r} does not hold the compiled HSDS 3.0 schemas (no service.json)")
        return path
    path = Path(__file__).resolve().parent / "hsds_schema"
    if not (path / "service.json").is_file():
        raise SchemaNotFoundError(f"compiled HSDS 3.0 schemas not found at {path}; set {SCHEMA_DIR_ENV} to the folder holding service.json")
    return path


@lru_cache(maxsize=16)
def _validator(folder: str, schema_name: str):
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    base = Path(folder)
    file = base / f"{schema_name}.json"
    if not file.is_file():
        raise SchemaNotFoundError(f"no HSDS schema {schema_name!r}: {file} does not exist")
    schema = json.loads(file.read_text(encoding="utf-8"))

    def retrieve(uri: str):
        # Relative $refs ("phone.json") resolve against the compiled folder, then schema/.
        name = uri.rsplit("/", 1)[-1]
        for candidate in (base / name, base.parent / name):
            if candidate.is_file():
                return Resource.from_contents(json.loads(candidate.read_text(encoding="utf-8")), default_specification=DRAFT202012)
        raise LookupError(f"cannot resolve $ref {uri!r}")

    registry = Registry(retrieve=retrieve)
    if schema_name.endswith("_list"):
        # The API's paginated response: a Page whose contents are items of <name>.json.
        schema = {**PAGE_SCHEMA, "required": [*PAGE_SCHEMA["properties"], "contents"]}
        schema["properties"] = {**PAGE_SCHEMA["properties"], "contents": {"type": "array", "items": json.loads(file.read_text(encoding="utf-8"))}}
    schema = {"$id": file.resolve().as_uri(), **schema}
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    checker = jsonschema.FormatChecker()
    checker.checkers = dict(cls.FORMAT_CHECKER.checkers)
    if "uri" not in checker.checkers:

        @checker.checks("uri")
        def _uri(value):  # jsonschema checks "uri" only with rfc3987 installed
            return not isinstance(value, str) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$", value) is not None

    return cls(schema, registry=registry, format_checker=checker)


def validate(obj, schema_name: str = "service", folder: str | Path | None = None) -> None:
    """Validate ``obj`` against ``compiled/<schema_name>.json`` (JSON Schema 2020-12, the dialect
    of HSDS 3.0's OpenAPI file; the compiled files declare none and are self-contained).

    ``*_list`` names (``service_list``, ``organization_list``, ...) validate the paginated API
    response, as in HSDS's OpenAPI file: a ``Page`` whose ``contents`` are items of that schema.
    Raises ``HSDSValidationError`` (a ``ValueError``) listing every error, or
    ``SchemaNotFoundError`` when the schemas are missing.
    """
    if not re.match(r"^[a-z_]+$", schema_name or ""):
        raise ValueError(f"schema_name {schema_name!r} is not a schema name such as 'service'")
    validator = _validator(str(schema_dir(folder)), schema_name)
    errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path))
    if errors:
        raise HSDSValidationError(schema_name, [f"{e.json_path}: {e.message}" for e in errors])
