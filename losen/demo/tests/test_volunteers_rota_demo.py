"""The volunteers' and rota's demo data: every stage, a month of Kirkens SOS shifts with one gap
and one missing leader, signed and unsigned declarations; idempotent; the demo logins may go
on chat duty now."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from losen.accounts.models import Organisation, User
from losen.rota import duty, queries
from losen.rota.models import Assignment, Shift
from losen.volunteers import declarations, stages
from losen.volunteers.models import Signature, Volunteer


@pytest.mark.django_db
def test_demo_volunteers_and_rota(capsys):
    call_command("demo", no_serve=True)
    counts = (Volunteer.objects.count(), Shift.objects.count(), Assignment.objects.count(), Signature.objects.count())
    call_command("demo", no_serve=True)
    assert (Volunteer.objects.count(), Shift.objects.count(), Assignment.objects.count(), Signature.objects.count()) == counts
    ks = Organisation.objects.get(slug="kirkens-sos")
    assert set(Volunteer.objects.filter(organisation=ks).values_list("stage", flat=True)) == set(stages.ORDER)
    rows = [r for group in queries.gaps_board(ks) for r in group["rows"] if r["shift"].template_id]
    assert len(rows) >= 27
    assert sum(1 for r in rows if r["under"]) == 1 and sum(1 for r in rows if r["no_leader"]) == 1
    fadder = User.objects.get(username="ks-fadder")
    assert declarations.unsigned(fadder, ks) and not declarations.unsigned(User.objects.get(username="ks-frivillig"), ks)
    now = timezone.now()
    for username in ("ks-frivillig", "ks-frivillig2", "ks-vaktleder"):
        decision = duty.check(User.objects.get(username=username), ks, "chat", now)
        assert decision.allowed, (username, decision.reasons)
    assert not duty.check(fadder, ks, "chat", now).allowed
