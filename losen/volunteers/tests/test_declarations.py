import pytest

from losen.conftest import sign_in
from losen.volunteers import actions, declarations
from losen.volunteers.models import Declaration, SigningRequest


@pytest.mark.django_db
def test_a_new_version_asks_everyone_to_sign_again(make_volunteer, coordinator, orgs):
    v = make_volunteer("kari")
    d1 = actions.publish_declaration(orgs["a"], Declaration.CONFIDENTIALITY, "Taushetserklæring", "v1", coordinator, True)
    actions.sign(v.user, d1)
    assert declarations.is_signed(v.user, orgs["a"])
    d2 = actions.publish_declaration(orgs["a"], Declaration.CONFIDENTIALITY, "Taushetserklæring", "v2", coordinator, True)
    assert d2.version == 2
    assert declarations.unsigned(v.user, orgs["a"]) == [d2]
    actions.sign(v.user, d2)
    assert declarations.is_signed(v.user, orgs["a"], [Declaration.CONFIDENTIALITY])


@pytest.mark.django_db
def test_require_signed_creates_a_request_the_person_sees(make_volunteer, coordinator, orgs, client):
    v = make_volunteer("kari")
    ethics = actions.publish_declaration(orgs["a"], Declaration.ETHICS, "Etiske retningslinjer", "Tekst", coordinator)
    actions.publish_declaration(orgs["a"], Declaration.CONFIDENTIALITY, "Taushetserklæring", "Tekst", coordinator, True)
    missing = declarations.require_signed(v.user, orgs["a"], [Declaration.ETHICS], requested_by="letters")
    assert missing == [ethics]
    declarations.require_signed(v.user, orgs["a"], [Declaration.ETHICS], requested_by="letters")
    assert SigningRequest.objects.filter(user=v.user).count() == 1
    sign_in(client, v.user)
    page = client.get("/frivillige/").content.decode()
    assert "Etiske retningslinjer" in page
    # signing needs the box ticked; nothing is lost
    response = client.post(f"/frivillige/erklaering/{ethics.pk}/", {})
    assert response.status_code == 200 and "Kryss av" in response.content.decode()
    client.post(f"/frivillige/erklaering/{ethics.pk}/", {"confirm": "1"})
    assert declarations.require_signed(v.user, orgs["a"], [Declaration.ETHICS]) == []
    assert not SigningRequest.objects.filter(user=v.user).exists()


@pytest.mark.django_db
def test_a_declaration_of_another_organisation_is_not_shown(make_volunteer, coordinator, orgs, client):
    v = make_volunteer("kari")
    other = actions.publish_declaration(orgs["b"], Declaration.ETHICS, "B", "Tekst", coordinator)
    sign_in(client, v.user)
    assert client.get(f"/frivillige/erklaering/{other.pk}/").status_code == 404
