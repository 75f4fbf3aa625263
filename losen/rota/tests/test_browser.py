"""End to end in Chromium: a coordinator takes an applicant through to active (recording the
required training), the volunteer signs the declaration, signs up for a shift, goes on chat
duty in the staff console and off again, answers the check-in asking for a talk, and the
coordinator sees the debrief request. Every new page is checked with axe-core.

The chat console on main does not ask `duty.check` yet nor send `went_off_duty` (the chat
refactor will): the duty gating is asserted through `duty.check` directly, and the signal is
sent here as the console will send it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.browser import axe_violations, describe, staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "losen-demo-passord"


def sign_in(browser, base, username):
    from losen.demo import staff as demo

    return staff_sign_in(browser, base, username, demo.key_code(username))


def no_axe(page):
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_applicant_to_shift_to_checkin_and_debrief(browser, live_server, directory):
    from playwright.sync_api import expect

    from losen.accounts.models import Organisation, User
    from losen.chat.models import ChatService
    from losen.demo import staff as demo
    from losen.directory.models import Service
    from losen.rota import duty, signals
    from losen.rota.models import Assignment, Debrief, ServiceRule, Shift
    from losen.volunteers import actions as vactions
    from losen.volunteers.models import Declaration, Module, Requirement

    base = live_server.url
    demo.load()
    ks = Organisation.objects.get(slug="kirkens-sos")
    service = Service.objects.get(slug="kirkens-sos")
    ChatService.objects.get_or_create(service=service, defaults={"enabled": True, "hours": ChatService.HOURS_ALWAYS})
    coordinator_user = User.objects.get(username="ks-koordinator")
    intro = Module.objects.create(organisation=ks, code="innforingskurs", name="Innføringskurs 40 t", hours=40)
    Requirement.objects.create(organisation=ks, channel="chat", module=intro)
    vactions.publish_declaration(ks, Declaration.CONFIDENTIALITY, "Taushetserklæring", "Jeg har taushetsplikt.", coordinator_user, True)
    ServiceRule.objects.create(organisation=ks, service=service, leader_required=True)
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=2)
    shift = Shift.objects.create(organisation=ks, service=service, channel="chat", title="Kveldschat", starts_at=starts,
                                 ends_at=starts + timedelta(hours=4), min_responders=2, leader_required=True)
    Assignment.objects.create(shift=shift, user=User.objects.get(username="ks-vaktleder"), role=Assignment.LEADER)
    # the applicant already has an account with a second factor (set up at the intake)
    applicant = User.objects.create(username="nina", first_name="Nina")
    applicant.set_password(PASSWORD)
    applicant.save()
    TOTPDevice.objects.create(user=applicant, name="app", key=demo.totp_key("nina"), confirmed=True)

    # the coordinator registers the application and takes Nina through to active
    coord = sign_in(browser, base, "ks-koordinator")
    coord.goto(base + "/frivillige/org/kirkens-sos/")
    no_axe(coord)
    coord.get_by_label("Navn", exact=True).fill("Nina Nybegynner")
    coord.get_by_label("Brukernavn").fill("nina")
    coord.get_by_role("button", name="Registrer søker").click()
    coord.wait_for_url(re.compile(r"/frivillige/org/kirkens-sos/\d+/$"))
    expect(coord.get_by_text("Søker", exact=True)).to_be_visible()
    no_axe(coord)
    for label in ("Inntakssamtale", "I opplæring"):
        coord.get_by_label("Nytt steg").select_option(label=label)
        coord.get_by_role("button", name="Flytt").click()
        expect(coord.locator("strong", has_text=label)).to_be_visible()
    coord.get_by_label("Modul eller kurs").select_option(label="Innføringskurs 40 t")
    coord.get_by_label("Fullført dato").fill(timezone.localdate().isoformat())
    coord.get_by_role("button", name="Registrer fullført").click()
    expect(coord.get_by_text("Opplæringen er registrert.")).to_be_visible()
    for label in ("Vakter med fadder", "Aktiv"):
        coord.get_by_label("Nytt steg").select_option(label=label)
        coord.get_by_role("button", name="Flytt").click()
        expect(coord.locator("strong", has_text=label)).to_be_visible()

    # Nina signs the declaration on her own page
    nina = sign_in(browser, base, "nina")
    nina.goto(base + "/frivillige/")
    no_axe(nina)
    nina.get_by_role("link", name=re.compile("Les og signer Taushetserklæring")).click()
    no_axe(nina)
    nina.get_by_label("Jeg har lest og godtar erklæringen").check()
    nina.get_by_role("button", name="Signer").click()
    expect(nina.get_by_text("Du har signert Taushetserklæring, versjon 1.")).to_be_visible()

    # she signs up for the open evening shift
    nina.goto(base + "/vakter/")
    no_axe(nina)
    nina.get_by_role("button", name=re.compile("Meld meg på Kveldschat")).click()
    expect(nina.get_by_text("Du er satt opp på vakten.")).to_be_visible()
    assert Assignment.objects.filter(shift=shift, user=applicant).exists()

    # the rota's gate: no shift now -> the shift leader must approve; from 15 minutes before the
    # shift she goes on duty directly, with the shift leader present
    now = timezone.now()
    assert duty.check(applicant, ks, "chat", now).needs_approval
    at_shift = duty.check(applicant, ks, "chat", starts - timedelta(minutes=15), service=service)
    assert at_shift.allowed and at_shift.leader_present and at_shift.shift_id == shift.pk

    # in the chat console the same gate holds: without a shift now, her request waits for the
    # shift leader (the console asks rota.duty.check)
    nina.goto(base + "/chat/vakt/kirkens-sos/")
    nina.get_by_role("button", name="Gå på vakt").click()
    expect(nina.get_by_text("Forespørselen din om å gå på vakt venter på vaktlederen.")).to_be_visible()
    signals.went_off_duty.send(sender=None, user=applicant, organisation=ks, channel="chat", started_at=now, ended_at=timezone.now())

    # the check-in the console redirects to: a heavy shift, and yes to a talk
    nina.goto(base + "/vakter/innsjekk/")
    no_axe(nina)
    nina.get_by_label("Tungt", exact=True).check()
    nina.get_by_label("Ja, jeg vil gjerne snakke med noen").check()
    nina.get_by_role("button", name="Send").click()
    expect(nina.get_by_text(re.compile("Koordinator eller vaktleder tar kontakt med deg"))).to_be_visible()
    assert Debrief.objects.filter(user=applicant, reason=Debrief.ASKED, state=Debrief.OPEN).exists()

    # the coordinator sees the debrief request
    coord.goto(base + "/vakter/org/kirkens-sos/oppfolging/")
    expect(coord.get_by_text(re.compile("Nina: Ba om en samtale etter vakt"))).to_be_visible()
    no_axe(coord)
    coord.goto(base + "/vakter/org/kirkens-sos/")
    no_axe(coord)
    for page in (coord, nina):
        page.context.close()
