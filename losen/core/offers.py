"""What the channel apps offer on Losen for a directory service: "Start anonym chat her",
"Skriv til oss", a forum, a group... Shown on the service page and in the navigator's results.

Channel apps (a higher floor) register a provider in their `AppConfig.ready()`; the directory
and the navigator ask here and never import a channel app:

    offers.register(provider)   # provider(slugs: set[str]) -> {slug: [Offer, ...]}
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Offer:
    kind: str  # the directory channel kind: chat, message, forum, group, case
    url: str
    label: str  # translated when the provider is called


_providers: list[Callable] = []


def register(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def for_services(slugs: Iterable[str]) -> dict[str, list[Offer]]:
    wanted = set(slugs)
    found: dict[str, list[Offer]] = {slug: [] for slug in wanted}
    if not wanted:
        return found
    for provider in _providers:
        for slug, items in provider(wanted).items():
            if slug in found:
                found[slug].extend(items)
    return found
