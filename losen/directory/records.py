"""What a directory record must hold (docs/directory-data.md). Plain Python, no Django."""

from datetime import date

from losen.directory import hours, taxonomy

CHANNEL_KINDS = ("phone", "chat", "sms", "email", "message", "video", "in_person", "group", "forum", "friend_service")
ANONYMITY = ("anonymous", "confidential", "not_anonymous")
AUDIENCES = ("self", "next_of_kin", "professional", "uses_violence")
ANSWERED_BY = ("volunteers", "professionals", "peers", "mixed")
GENDERS = ("female", "male")


class RecordError(ValueError):
    def __init__(self, slug, problems):
        self.slug = slug
        self.problems = problems
        super().__init__(f"{slug}: " + "; ".join(problems))


def _text(value, where, problems, required=False):
    if value is None:
        if required:
            problems.append(f"{where}: missing")
        return
    if not isinstance(value, dict) or not isinstance(value.get("nb"), str) or not value["nb"].strip():
        problems.append(f"{where}: needs a non-empty bokmål text ('nb')")


def _provenance(value, where, problems) -> None:
    """Where a fact outside the record's own source comes from: a public page read on a date
    (``{"url": "https://...", "read": "YYYY-MM-DD"}``, optionally ``"published"`` and ``"note"``)
    or a seed document (``{"document": "004", "section": "..."}``)."""
    if not isinstance(value, dict):
        problems.append(f"{where}: must be an object with url and read, or document")
        return
    unknown = set(value) - {"url", "read", "published", "note", "document", "section"}
    if unknown:
        problems.append(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    if "url" in value or "read" in value:
        url = value.get("url")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            problems.append(f"{where}.url: must be an http(s) address")
        try:
            date.fromisoformat(value.get("read"))
        except (TypeError, ValueError):
            problems.append(f"{where}.read: {value.get('read')!r} is not a date YYYY-MM-DD")
    elif not isinstance(value.get("document"), str) or not value["document"]:
        problems.append(f"{where}: needs url and read, or document")


def validate_service(doc: dict) -> None:
    """Raise RecordError listing every problem in one service document."""
    slug = doc.get("slug") if isinstance(doc, dict) else None
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise RecordError("?", ["not an object"])
    if not isinstance(slug, str) or not slug:
        problems.append("slug: missing")
    org = doc.get("organisation")
    if not isinstance(org, dict) or not org.get("slug") or not org.get("name"):
        problems.append("organisation: needs slug and name")
    _text(doc.get("name"), "name", problems, required=True)
    _text(doc.get("description"), "description", problems, required=True)
    if doc.get("answered_by") not in (None, *ANSWERED_BY):
        problems.append(f"answered_by: {doc.get('answered_by')!r} is not one of {', '.join(ANSWERED_BY)}")
    if doc.get("anonymity") not in (None, *ANONYMITY):
        problems.append(f"anonymity: {doc.get('anonymity')!r} is not one of {', '.join(ANONYMITY)}")
    channels = doc.get("channels")
    if not isinstance(channels, list):
        problems.append("channels: must be a list")
        channels = []
    for i, channel in enumerate(channels):
        where = f"channels[{i}]"
        if channel.get("kind") not in CHANNEL_KINDS:
            problems.append(f"{where}.kind: {channel.get('kind')!r} is not one of {', '.join(CHANNEL_KINDS)}")
        languages = channel.get("languages")
        if languages is not None and (not isinstance(languages, list) or not all(isinstance(x, str) for x in languages)):
            problems.append(f"{where}.languages: must be a list of language codes or null")
        try:
            hours.validate(channel.get("hours"))
        except hours.HoursSpecError as exc:
            problems.append(f"{where}.hours: {exc}")
        if channel.get("address_source") is not None:
            if not channel.get("address"):
                problems.append(f"{where}.address_source: given, but the channel has no address")
            _provenance(channel["address_source"], f"{where}.address_source", problems)
        answer = channel.get("answer_time_hours")
        if answer is not None and (not isinstance(answer, int) or answer <= 0):
            problems.append(f"{where}.answer_time_hours: must be a positive whole number of hours or null")
    if doc.get("website_source") is not None:
        if not doc.get("website"):
            problems.append("website_source: given, but the record has no website")
        _provenance(doc["website_source"], "website_source", problems)
    target = doc.get("target") or {}
    for bound in ("age_min", "age_max"):
        value = target.get(bound)
        if value is not None and (not isinstance(value, int) or value < 0):
            problems.append(f"target.{bound}: must be a whole number 0 or more, or null")
    if isinstance(target.get("age_min"), int) and isinstance(target.get("age_max"), int) and target["age_min"] > target["age_max"]:
        problems.append("target: age_min is above age_max")
    if target.get("gender") not in (None, *GENDERS):
        problems.append(f"target.gender: {target.get('gender')!r} is not female, male or null")
    for audience in target.get("audiences") or []:
        if audience not in AUDIENCES:
            problems.append(f"target.audiences: {audience!r} is not one of {', '.join(AUDIENCES)}")
    for code in doc.get("topics") or []:
        if code not in taxonomy.CODES:
            problems.append(f"topics: {code!r} is not a taxonomy code")
    source = doc.get("source")
    if not isinstance(source, dict) or not source.get("document"):
        problems.append("source: needs the document it comes from")
    verified = doc.get("last_verified")
    if verified is not None:
        try:
            date.fromisoformat(verified)
        except (TypeError, ValueError):
            problems.append(f"last_verified: {verified!r} is not a date YYYY-MM-DD")
    if problems:
        raise RecordError(slug or "?", problems)
