"""Signals other apps receive to follow a volunteer's path without volunteers knowing them.

- `offboarded(sender, volunteer, user, organisation, by)`: the person has ended; access is already
  revoked. Apps hand open work back to the coordinator (rota: future shifts; cases: open cases).
"""

from django.dispatch import Signal

offboarded = Signal()
