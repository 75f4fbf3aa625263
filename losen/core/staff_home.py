"""What a staff member's home page offers: each app with staff pages has a `staff_links`
module with `links(staff) -> [{"url", "label", "notice"?}]` for the roles the person holds."""

from importlib import import_module

APPS = (
    "losen.directory",
    "losen.stats",
    "losen.volunteers",
    "losen.rota",
    "losen.chat",
    "losen.letters",
    "losen.groups",
    "losen.forum",
    "losen.cases",
)


def links(staff) -> list[dict]:
    found = []
    for app in APPS:
        try:
            module = import_module(f"{app}.staff_links")
        except ModuleNotFoundError:
            continue
        found.extend(module.links(staff))
    return found
