import json

import pytest
from django.db import connection
from django.utils import timezone

from losen.audit.models import AuditEvent
from losen.conftest import sign_in
from losen.volunteers import actions, profiles, sensitive
from losen.volunteers.models import LivedExperienceTag


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_special_categories_are_encrypted_in_the_database(make_volunteer, coordinator):
    v = make_volunteer("kari")
    actions.save_competence(v, languages=["nb"], channels=["chat"], gender="", region="", lived_experience=["etterlatt-selvmord"], by=v.user)
    actions.record_police_certificate(v, timezone.localdate(), None, "Attest uten merknader", coordinator)
    stored = raw("SELECT lived_experience FROM volunteers_competence WHERE volunteer_id = %s", [v.pk])
    assert "etterlatt" not in stored and stored.startswith("gAAAA")
    note = raw("SELECT note FROM volunteers_policecertificate WHERE volunteer_id = %s", [v.pk])
    assert "merknader" not in note
    assert sensitive.lived_experience(v, coordinator, "test") == ["etterlatt-selvmord"]


@pytest.mark.django_db
def test_every_read_of_sensitive_fields_is_audited(make_volunteer, coordinator, client):
    v = make_volunteer("kari")
    LivedExperienceTag.objects.create(organisation=v.organisation, slug="parorende", label="Pårørende")
    actions.save_competence(v, languages=["se"], channels=["chat"], gender="woman", region="finnmark", lived_experience=["parorende"], by=v.user)
    sign_in(client, coordinator)
    page = client.get(f"/frivillige/org/{v.organisation.slug}/{v.pk}/")
    assert "Pårørende" not in page.content.decode()  # not shown until asked for
    assert not AuditEvent.objects.filter(action="volunteer_lived_experience_read").exists()
    page = client.get(f"/frivillige/org/{v.organisation.slug}/{v.pk}/?vis=sensitivt")
    assert "Pårørende" in page.content.decode()
    events = AuditEvent.objects.filter(target_id=str(v.pk), action__in=["volunteer_lived_experience_read", "volunteer_police_certificate_read"])
    assert {e.action for e in events} == {"volunteer_lived_experience_read", "volunteer_police_certificate_read"}
    assert all(e.actor == coordinator for e in events)
    assert "parorende" not in json.dumps([e.detail for e in AuditEvent.objects.all()])


@pytest.mark.django_db
def test_profiles_for_other_apps(make_volunteer, coordinator):
    v = make_volunteer("ante")
    make_volunteer("soker", stage="applicant")
    actions.save_competence(v, languages=["se", "nb"], channels=["message"], gender="man", region="finnmark", lived_experience=["x"], by=v.user)
    plain = profiles.for_organisation(v.organisation)
    assert [p.pseudonym for p in plain] == [v.pseudonym]  # only those who may work
    assert plain[0].languages == ("nb", "se") and plain[0].lived_experience is None
    assert not AuditEvent.objects.filter(action="volunteer_lived_experience_read").exists()
    full = profiles.for_organisation(v.organisation, actor=coordinator, purpose="case matching", lived_experience=True)
    assert full[0].lived_experience == ("x",)
    assert AuditEvent.objects.get(action="volunteer_lived_experience_read").detail["volunteers"] == [v.pk]
    assert [p.name for p in profiles.speakers(v.organisation, "se")] == [v.name]


@pytest.mark.django_db
def test_volunteers_see_only_their_own_record(make_volunteer, client):
    kari, ola = make_volunteer("kari"), make_volunteer("ola")
    sign_in(client, kari.user)
    assert client.get(f"/frivillige/org/{kari.organisation.slug}/{ola.pk}/").status_code == 403
    assert client.get(f"/frivillige/kompetanse/{ola.pk}/").status_code == 404
    assert client.post(f"/frivillige/pause/{ola.pk}/").status_code == 404
    assert client.get(f"/frivillige/kompetanse/{kari.pk}/").status_code == 200


@pytest.mark.django_db
def test_coordinators_of_another_organisation_see_nothing(make_volunteer, client, staff_of):
    v = make_volunteer("kari")
    sign_in(client, staff_of("coordinator", "b"))
    assert client.get(f"/frivillige/org/org-a/{v.pk}/").status_code == 403
    assert client.get(f"/frivillige/org/org-b/{v.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_volunteer_downloads_their_own_data(make_volunteer, client, coordinator):
    v = make_volunteer("kari")
    actions.save_competence(v, languages=["sma"], channels=["chat"], gender="", region="trondelag", lived_experience=["y"], by=v.user)
    sign_in(client, v.user)
    response = client.get("/frivillige/eksport/")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    org = data["organisations"][0]
    assert org["competence"]["languages"] == ["sma"] and org["competence"]["lived_experience"] == ["y"]
    assert [s["to"] for s in org["stages"]][-1] == "active"
