"""What rota does when the consoles or volunteers send their signals (connected in ready())."""

from losen.rota import actions


def on_went_off_duty(sender, user, organisation, channel="", started_at=None, ended_at=None, **kwargs):
    """Open the two-question check-in; the console then redirects to `rota:checkin`."""
    actions.open_checkin(user, organisation, channel=channel, started_at=started_at, ended_at=ended_at)


def on_heavy_contact_concluded(sender, user, organisation, kind, **kwargs):
    """A duty-to-avert case or a concluded suicide-risk chat: offer a debrief automatically."""
    actions.heavy_contact(user, organisation, kind)


def on_offboarded(sender, volunteer, user, organisation, by=None, **kwargs):
    """The volunteer ended: future shifts go back to the coordinator."""
    actions.hand_back(user, organisation)
