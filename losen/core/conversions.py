"""Turning a chat or a written message into a follow-up case, with the person's consent.

The responder offers "Vil du ha en fast samtalepartner?" in a channel's console; the person
answers in their own view of that channel. The case app registers a provider in its
`AppConfig.ready()`; the channel apps (chat, letters: the same floor as cases) ask here and never
import the case app:

    conversions.register(provider)

A provider has three functions, `source` being "chat" or "message" and `ref` the channel's own id
of the conversation or thread:

    status(source, ref, service_slug, organisation) -> str | None
        None: no follow-up to offer here; "": not offered yet; else "offered"/"accepted"/"declined".
    offer(source, ref, service_slug, organisation, by) -> bool
    prompt(source, ref) -> Prompt | None   (the question in the person's own view)
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Prompt:
    question: str
    explanation: str
    action: str  # the URL the person's form posts to (the answer page opens in a new tab)
    fields: dict = field(default_factory=dict)  # hidden fields of that form
    accept: str = ""
    decline: str = ""
    new_tab: str = ""  # says that the page opens in a new tab


_providers: list = []


def register(provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def status(source: str, ref: int, service_slug: str, organisation) -> str | None:
    for p in _providers:
        found = p.status(source, ref, service_slug, organisation)
        if found is not None:
            return found
    return None


def offer(source: str, ref: int, service_slug: str, organisation, by) -> bool:
    return any(p.offer(source, ref, service_slug, organisation, by) for p in _providers)


def prompt(source: str, ref: int) -> Prompt | None:
    for p in _providers:
        found = p.prompt(source, ref)
        if found is not None:
            return found
    return None
