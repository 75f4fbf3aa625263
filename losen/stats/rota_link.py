"""How the "Kapasitet" page learns the responders on the rota. The rota app lives on a higher
floor, so it registers a provider here in its `AppConfig.ready()`:

    from losen.stats import rota_link
    rota_link.register(lambda service, channel, week_start: {(weekday, hour): responders, ...})

`week_start` is a Monday (date); weekday 0 is Monday, hour is local. Without a provider (or
for hours it leaves out) the service's planned responders in `CapacityTarget` are used.
"""

_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)


def unregister(provider):
    if provider in _providers:
        _providers.remove(provider)


def responders(service, channel, week_start) -> dict:
    found = {}
    for provider in _providers:
        for key, n in (provider(service, channel, week_start) or {}).items():
            found[key] = found.get(key, 0) + int(n)
    return found
