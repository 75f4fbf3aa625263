"""What higher floors add to a volunteer's own page (rota: next shifts; later cases...).
Apps register in `AppConfig.ready()`:

    own_page.register("rota", "losen.rota.own_page.section")

A provider is `section(user) -> {"title", "items": [str], "url"?, "link_label"?} | None`."""

from importlib import import_module

_providers: dict[str, str] = {}


def register(name: str, target: str) -> None:
    _providers[name] = target


def sections(user) -> list[dict]:
    found = []
    for name in sorted(_providers):
        module, _, attr = _providers[name].rpartition(".")
        section = getattr(import_module(module), attr)(user)
        if section:
            found.append(section)
    return found
