"""Signals the channel consoles send, so that rota and volunteers can follow up a shift
(check-in after duty, debrief offers) without the consoles knowing them.

- `went_off_duty(sender, user, organisation, channel, started_at, ended_at)`
- `heavy_contact_concluded(sender, user, organisation, kind)`: kind is "duty_to_avert" or
  "suicide_risk"; a debrief is offered automatically.
"""

from django.dispatch import Signal

went_off_duty = Signal()
heavy_contact_concluded = Signal()
