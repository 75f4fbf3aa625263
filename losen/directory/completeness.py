"""What the directory does not know yet: the gaps a platform admin should close.

Plain Python, no Django import: it reads Losen service documents (docs/directory-data.md), so
the same check runs on the shipped files (``losen directory_completeness --shipped``), on the
live database (the command's default) and on the staff page.

A gap is a fact a help seeker needs and the record leaves ``null`` (or "unknown"):
- a channel without an address (how would a person use it?);
- opening hours unknown (channel hours spec ``{"kind": "unknown"}``);
- audiences unknown (``target.audiences`` is ``null``: the navigator cannot tell whether the
  service is for the person, a next of kin or professionals only);
- a service with no channel at all;
- a service without a website (nothing to fall back on when a channel has no address).
"""

from dataclasses import dataclass, field

#: Channels a person uses through an address (a number, an e-mail address or a URL). Group,
#: in-person and video channels are often arranged through the service and are listed apart.
ADDRESSED_KINDS = ("phone", "chat", "sms", "email", "message", "forum", "friend_service")


@dataclass
class Gap:
    slug: str
    name: str
    detail: str = ""


@dataclass
class Report:
    services: int = 0
    channels: int = 0
    addressed_channels: int = 0
    no_address: list[Gap] = field(default_factory=list)  # addressed kinds without an address
    no_address_other: list[Gap] = field(default_factory=list)  # group, in person, video
    hours_unknown: list[Gap] = field(default_factory=list)
    audiences_unknown: list[Gap] = field(default_factory=list)
    no_channels: list[Gap] = field(default_factory=list)
    no_website: list[Gap] = field(default_factory=list)

    def sections(self):
        """(key, title, gaps) in the order they are shown."""
        return (
            ("no_address", "Channels without an address (phone, chat, SMS, e-mail, message, forum, friend service)", self.no_address),
            ("no_address_other", "Other channels without an address (group, in person, video)", self.no_address_other),
            ("hours_unknown", "Channels with opening hours unknown", self.hours_unknown),
            ("audiences_unknown", "Services with audiences unknown (null)", self.audiences_unknown),
            ("no_channels", "Services with no channels", self.no_channels),
            ("no_website", "Services without a website", self.no_website),
        )

    def summary(self) -> dict:
        return {
            "services": self.services,
            "channels": self.channels,
            "addressed_channels": self.addressed_channels,
            **{key: len(gaps) for key, _, gaps in self.sections()},
        }


def _name(doc: dict) -> str:
    names = doc.get("name") or {}
    return names.get("nb") or names.get("en") or doc.get("slug") or "?"


def check(docs) -> Report:
    report = Report()
    for doc in sorted(docs, key=lambda d: d.get("slug") or ""):
        slug, name = doc.get("slug") or "?", _name(doc)
        report.services += 1
        channels = doc.get("channels") or []
        if not channels:
            report.no_channels.append(Gap(slug, name))
        if not doc.get("website"):
            report.no_website.append(Gap(slug, name))
        if (doc.get("target") or {}).get("audiences") is None:
            report.audiences_unknown.append(Gap(slug, name))
        seen: dict[str, int] = {}
        for channel in channels:
            report.channels += 1
            kind = channel.get("kind") or "?"
            seen[kind] = seen.get(kind, 0) + 1
            languages = ",".join(channel.get("languages") or [])
            label = kind + (f" #{seen[kind]}" if seen[kind] > 1 else "") + (f" [{languages}]" if languages else "")
            if kind in ADDRESSED_KINDS:
                report.addressed_channels += 1
            if not channel.get("address"):
                (report.no_address if kind in ADDRESSED_KINDS else report.no_address_other).append(Gap(slug, name, label))
            if (channel.get("hours") or {}).get("kind") == "unknown":
                report.hours_unknown.append(Gap(slug, name, label))
    return report


def as_text(report: Report) -> str:
    s = report.summary()
    lines = [
        f"Directory completeness: {s['services']} services, {s['channels']} channels "
        f"({s['addressed_channels']} phone/chat/SMS/e-mail/message/forum/friend-service channels).",
        f"Without an address: {s['no_address']} of {s['addressed_channels']} addressed channels; "
        f"{s['no_address_other']} group/in-person/video channels.",
        "",
    ]
    for _key, title, gaps in report.sections():
        lines.append(f"{title}: {len(gaps)}")
        for gap in gaps:
            lines.append(f"  - {gap.slug}" + (f": {gap.detail}" if gap.detail else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
