"""The directory in memory: every service with compiled opening hours, ready for the API,
the public pages and the navigator. Rebuilt when any service changes (a stamp in the cache,
bumped on save, so every process notices)."""

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from losen.directory import hours, taxonomy
from losen.directory.models import EmergencyContact, Service

STAMP_KEY = "losen:directory:stamp"
CHANNEL_ORDER = {kind: i for i, kind in enumerate(("chat", "phone", "sms", "message", "email", "video", "in_person", "group", "forum", "friend_service"))}


def fold(text: str) -> str:
    """Lower-case, accents off (but æøå kept), for matching free text."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"\s+", " ", text)


@dataclass
class Channel:
    index: int
    doc: dict
    schedule: hours.Schedule

    @property
    def kind(self):
        return self.doc["kind"]

    @property
    def languages(self) -> list[str]:
        return self.doc.get("languages") or []


@dataclass
class Entry:
    slug: str
    doc: dict
    organisation_slug: str
    organisation_name: str
    last_verified: object
    stale: bool
    channels: list[Channel]
    search_text: str = ""
    languages: frozenset = field(default_factory=frozenset)
    cache: dict = field(default_factory=dict)  # derived views, rebuilt with the catalogue

    def name(self, language="nb"):
        names = self.doc.get("name") or {}
        return names.get(language) or names.get("nb")

    def channels_of(self, kind=None, language=None):
        for channel in self.channels:
            if kind and channel.kind != kind:
                continue
            if language and not self.speaks(language, channel):
                continue
            yield channel

    def speaks(self, language, channel=None) -> bool:
        """A channel speaks the languages it lists; the service as a whole also counts its
        Sami offer (e.g. Kirkens SOS through Girku SOS)."""
        if channel is not None:
            return language in channel.languages
        return language in self.languages


def _build() -> tuple[list[Entry], list[dict]]:
    entries = []
    for service in Service.objects.select_related("organisation").order_by("slug"):
        doc = service.document
        channels = [Channel(i, c, hours.Schedule.from_spec(c["hours"])) for i, c in enumerate(doc.get("channels") or [])]
        channels.sort(key=lambda c: (CHANNEL_ORDER.get(c.kind, 99), c.index))
        topics = " ".join(f"{taxonomy.BY_CODE[t].nb} {taxonomy.BY_CODE[t].en}" for t in doc.get("topics") or [] if t in taxonomy.BY_CODE)
        text = " ".join(
            filter(
                None,
                [
                    *(doc.get("name") or {}).values(),
                    *(doc.get("description") or {}).values(),
                    service.organisation.name,
                    topics,
                    *((doc.get("target") or {}).get("text") or {}).values(),
                ],
            )
        )
        languages = {lang for c in channels for lang in c.languages} | set(((doc.get("sami") or {}).get("languages")) or [])
        entries.append(
            Entry(
                slug=service.slug,
                doc=doc,
                organisation_slug=service.organisation.slug,
                organisation_name=service.organisation.name,
                last_verified=service.last_verified,
                stale=service.is_stale(),
                channels=channels,
                search_text=fold(text),
                languages=frozenset(languages),
            )
        )
    emergency = [c.document for c in EmergencyContact.objects.order_by("position")]
    return entries, emergency


_lock = threading.Lock()
_state = {"stamp": None, "entries": [], "by_slug": {}, "emergency": []}


def _current_stamp():
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = datetime.now().timestamp()
        cache.add(STAMP_KEY, stamp, None)
        stamp = cache.get(STAMP_KEY, stamp)
    return stamp


def entries() -> list[Entry]:
    stamp = _current_stamp()
    if _state["stamp"] != stamp:
        with _lock:
            if _state["stamp"] != stamp:
                _state["entries"], _state["emergency"] = _build()
                _state["by_slug"] = {e.slug: e for e in _state["entries"]}
                _state["stamp"] = stamp
    return _state["entries"]


def emergency() -> list[dict]:
    entries()
    return _state["emergency"]


def get(slug) -> Entry | None:
    entries()
    return _state["by_slug"].get(slug)


def invalidate():
    cache.set(STAMP_KEY, datetime.now().timestamp(), None)
    _state["stamp"] = None


@receiver(post_save, sender=Service)
@receiver(post_delete, sender=Service)
@receiver(post_save, sender=EmergencyContact)
def _changed(sender, **kwargs):
    invalidate()


# --- questions asked of an entry at an instant -------------------------------------------------


def channel_status(channel: Channel, at: datetime) -> hours.Status:
    return channel.schedule.status(at)


def open_now(entry: Entry, at: datetime, kind=None, language=None) -> bool | None:
    """True if a matching channel is open; None if none is known open but one is unknown."""
    unknown = False
    for channel in entry.channels_of(kind, language):
        state = channel.schedule.status(at).open
        if state:
            return True
        if state is None:
            unknown = True
    return None if unknown else False


def age_fits(entry: Entry, age: int) -> bool:
    target = entry.doc.get("target") or {}
    low, high = target.get("age_min"), target.get("age_max")
    return (low is None or age >= low) and (high is None or age <= high)
