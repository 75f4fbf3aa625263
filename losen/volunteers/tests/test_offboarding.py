from datetime import timedelta

import pytest
from django.utils import timezone

from losen.accounts import roles
from losen.accounts.models import Membership
from losen.audit.models import AuditEvent
from losen.conftest import sign_in
from losen.volunteers import actions, stages
from losen.volunteers.models import Competence, Declaration, PoliceCertificate, Signature, Volunteer


@pytest.mark.django_db
def test_offboarding_revokes_access_at_once(make_volunteer, coordinator, client):
    v = make_volunteer("kari")
    Membership.objects.create(user=v.user, organisation=v.organisation, role=roles.SHIFT_LEADER)
    sign_in(client, v.user)
    assert client.get("/frivillige/").status_code == 200
    actions.move(v, stages.ENDED, coordinator)
    assert not Membership.objects.filter(user=v.user).exists()
    v.user.refresh_from_db()
    assert not v.user.is_active
    assert client.get("/frivillige/").status_code in (302, 403)


@pytest.mark.django_db
def test_a_person_with_roles_elsewhere_keeps_the_account(make_volunteer, coordinator, orgs):
    v = make_volunteer("vikar")
    Membership.objects.create(user=v.user, organisation=orgs["b"], role=roles.VOLUNTEER)
    actions.move(v, stages.ENDED, coordinator)
    v.user.refresh_from_db()
    assert v.user.is_active
    assert list(Membership.objects.filter(user=v.user).values_list("organisation__slug", flat=True)) == ["org-b"]


@pytest.mark.django_db
def test_personal_data_is_deleted_after_retention_and_confidentiality_stays(make_volunteer, coordinator):
    v = make_volunteer("ola")
    d = actions.publish_declaration(v.organisation, Declaration.CONFIDENTIALITY, "Taushetserklæring", "Tekst", coordinator, lasts_after_end=True)
    actions.sign(v.user, d)
    actions.save_competence(v, languages=["se"], channels=["chat"], gender="man", region="troms", lived_experience=["parorende"], by=v.user)
    actions.record_police_certificate(v, timezone.localdate(), None, "ok", coordinator)
    actions.move(v, stages.ENDED, coordinator)
    assert actions.purge_expired() == 0  # retention not over yet
    assert actions.purge_expired(now=timezone.now() + timedelta(days=366)) == 1
    v = Volunteer.objects.get(pk=v.pk)
    assert v.personal_data_deleted_at and v.display_name == ""
    assert not Competence.objects.filter(volunteer=v).exists() and not PoliceCertificate.objects.filter(volunteer=v).exists()
    assert v.user.username == f"slettet-{v.pseudonym}" and not v.user.has_usable_password()
    sig = Signature.objects.get(user=v.user)
    assert sig.declaration.lasts_after_end  # the record says confidentiality lasts
    assert AuditEvent.objects.filter(action="volunteer_personal_data_deleted", target_id=str(v.pk)).exists()
    assert actions.purge_expired(now=timezone.now() + timedelta(days=400)) == 0  # once
