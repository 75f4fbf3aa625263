from datetime import timedelta

import pytest
from django.utils import timezone

from losen.conftest import sign_in
from losen.rota import actions
from losen.rota.models import Assignment, FillProposal


@pytest.mark.django_db
def test_losen_proposes_and_the_coordinator_edits_then_accepts(orgs, volunteer, shift, coordinator, client):
    users = [volunteer(n) for n in ("kari", "ola", "per")]
    for u in users:
        actions.set_availability(u, orgs["a"], range(7), 2, 3)
    # shifts in the next month, so that none has started
    first = (timezone.localdate().replace(day=1) + timedelta(days=40)).replace(day=1)
    s1 = shift(at=timezone.make_aware(timezone.datetime(first.year, first.month, 3, 18, 30)), leader_required=False)
    s2 = shift(at=timezone.make_aware(timezone.datetime(first.year, first.month, 4, 18, 30)), leader_required=False)
    sign_in(client, coordinator)
    response = client.post("/vakter/org/org-a/fyll/", {"month": first.isoformat()})
    proposal = FillProposal.objects.get()
    assert response["Location"].endswith(f"/fyll/{proposal.pk}/")
    assert not Assignment.objects.exists()  # never assigned silently
    assert proposal.summary["open"] == 4 and proposal.summary["filled"] == 4
    page = client.get(f"/vakter/org/org-a/fyll/{proposal.pk}/").content.decode()
    assert "4 av 4" in page
    keep = [0, 1, 2]  # the coordinator unticks one row
    client.post(f"/vakter/org/org-a/fyll/{proposal.pk}/", {"row": [str(i) for i in keep]})
    assert Assignment.objects.filter(source=Assignment.FILL).count() == 3
    per_day = {}
    for a in Assignment.objects.all():
        per_day.setdefault((a.user_id, a.shift.starts_at.date()), 0)
        per_day[(a.user_id, a.shift.starts_at.date())] += 1
    assert max(per_day.values()) == 1
    assert {a.shift_id for a in Assignment.objects.all()} <= {s1.pk, s2.pk}


@pytest.mark.django_db
def test_only_coordinators_ask_for_a_fill(client, staff_of):
    sign_in(client, staff_of("shift_leader"))
    assert client.post("/vakter/org/org-a/fyll/", {"month": "2027-01-01"}).status_code == 403
