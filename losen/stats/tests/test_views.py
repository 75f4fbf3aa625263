"""Access (own organisation only; national role aggregates only), exports with suppressed nulls,
the public page, the demo banner, the `losen stats` command and "tried while closed"."""

import io
import json
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from losen.accounts import roles
from losen.stats import actions
from losen.stats.models import Contact


@pytest.fixture
def services(directory, orgs):
    from losen.directory.models import Service

    a = Service.objects.get(slug="kirkens-sos")
    b = Service.objects.get(slug="kors-pa-halsen")
    a.organisation, b.organisation = orgs["a"], orgs["b"]
    a.save()
    b.save()
    now = timezone.now() - timedelta(hours=2)
    for service, n in ((a, 30), (b, 12)):
        for i in range(n):
            actions.record_contact(organisation=service.organisation, service=service, channel="chat", received_at=now,
                                   outcome="answered" if i % 3 else "abandoned_queue", wait_seconds=30 + i, handle_seconds=600)
    actions.record_contact(organisation=a.organisation, service=a, channel="phone", received_at=now, outcome="answered", wait_seconds=5)
    return a, b


def test_reader_sees_own_organisation_only(client_as, services):
    client = client_as(roles.STATISTICS_READER, "a")
    assert client.get("/statistikk/org/org-a/").status_code == 200
    assert client.get("/statistikk/org/org-b/").status_code == 403
    assert client.get("/statistikk/nasjonalt/").status_code == 403
    data = json.loads(client.get("/statistikk/org/org-a/?format=json").content)
    assert set(data["by_service"]) == {"kirkens-sos"}


def test_national_role_sees_aggregates_only(client_as, services):
    client = client_as(roles.NATIONAL_STATISTICS)
    assert client.get("/statistikk/nasjonalt/").status_code == 200
    for path in ("/statistikk/org/org-a/", "/statistikk/org/org-a/arsrapport/", "/statistikk/org/org-a/telefon/", "/statistikk/org/org-a/kapasitet/"):
        assert client.get(path).status_code == 403, path
    data = json.loads(client.get("/statistikk/nasjonalt/?format=json").content)
    assert set(data["by_service"]) == {"kirkens-sos", "kors-pa-halsen"}
    assert data["indicators"]["offered"] == 43


def test_wrong_roles_are_refused(client_as, services):
    for role in (roles.VOLUNTEER, roles.SHIFT_LEADER, roles.PLATFORM_ADMIN):
        client = client_as(role, "a")
        assert client.get("/statistikk/org/org-a/").status_code == 403
        assert client.get("/statistikk/nasjonalt/").status_code == 403


def test_exports_hide_small_cells_as_null_with_suppressed_true(client_as, services):
    client = client_as(roles.STATISTICS_READER, "a")
    data = json.loads(client.get("/statistikk/org/org-a/?format=json").content)
    phone = data["by_channel"]["phone"]
    assert phone["offered"] is None and phone["suppressed"]["offered"] is True
    assert "why" not in phone
    csv_body = client.get("/statistikk/org/org-a/?format=csv").content.decode()
    assert "by_channel,phone,offered,,true" in csv_body


def test_public_page_has_yearly_suppressed_figures(client, services):
    response = client.get("/statistikk/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kirkens SOS" in body and "Svarandel" in body
    data = json.loads(client.get("/statistikk/?format=json").content)
    assert data["by_service"]["kirkens-sos"]["offered"] is not None or data["by_service"]["kirkens-sos"]["suppressed"]
    assert set(data["by_service"]["kirkens-sos"]) == {"offered", "answered", "answer_rate", "suppressed"}
    assert client.get("/statistikk/?year=nope").status_code == 200
    assert "demodata" not in body


def test_bad_filters_give_errors_not_500(client_as, services):
    client = client_as(roles.STATISTICS_READER, "a")
    response = client.get("/statistikk/org/org-a/?start=2026-13-40&end=x&channel=pigeon")
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_demo_figures_are_labelled(client, client_as, services):
    Contact.objects.update(demo=True)
    assert "demodata – ikke virkelige tall" in client.get("/statistikk/").content.decode()
    staff = client_as(roles.STATISTICS_READER, "a")
    for path in ("/statistikk/org/org-a/", "/statistikk/org/org-a/arsrapport/"):
        assert "demodata – ikke virkelige tall" in staff.get(path).content.decode()


def test_annual_report_and_capacity_pages(client_as, services):
    client = client_as(roles.SERVICE_ADMIN, "a")
    year = timezone.localdate().year
    response = client.get(f"/statistikk/org/org-a/arsrapport/?year={year}")
    assert response.status_code == 200 and f"Årsrapport {year}" in response.content.decode()
    response = client.get("/statistikk/org/org-a/kapasitet/?service=kirkens-sos&channel=chat&weeks=4&open_from=23&open_to=2")
    assert response.status_code == 200 and "Erlang-A" in response.content.decode()


def test_stats_command_prints_one_json_object(services):
    today = timezone.localdate()
    out = io.StringIO()
    call_command("stats", "--organisation", "org-a", "--from", (today - timedelta(days=3)).isoformat(), "--to", today.isoformat(), stdout=out)
    data = json.loads(out.getvalue())
    for key in ("offered", "answered", "abandoned_in_queue", "answer_rate", "wait_seconds_p50", "wait_seconds_p90", "abandon_wait_seconds_p50"):
        assert key in data["indicators"]
    assert "by_channel" in data and "by_service" in data
    out = io.StringIO()
    call_command("stats", "--national", "--from", (today - timedelta(days=3)).isoformat(), "--to", today.isoformat(), stdout=out)
    assert set(json.loads(out.getvalue())["by_service"]) == {"kirkens-sos", "kors-pa-halsen"}


def test_tried_while_closed_counts_per_hour_without_identifiers(services):
    a, _b = services
    moment = datetime(2026, 3, 3, 1, 12, tzinfo=timezone.get_current_timezone())
    actions.record_tried_while_closed(a, "chat", moment)
    actions.record_tried_while_closed(a, "chat", moment + timedelta(minutes=20))
    from losen.stats.models import TriedWhileClosed

    row = TriedWhileClosed.objects.get()
    assert row.count == 2 and row.hour.minute == 0
    assert {f.name for f in TriedWhileClosed._meta.get_fields()} == {"id", "service", "organisation", "channel", "hour", "count", "demo"}
    with pytest.raises(ValueError):
        actions.record_tried_while_closed(a, "carrier-pigeon", moment)


def test_demo_load_is_seeded_flagged_and_idempotent(directory):
    from losen.demo import staff
    from losen.demo import stats as demo_stats

    staff.load()
    first = demo_stats.load()
    assert first > 1000
    assert not Contact.objects.filter(demo=False).exists()
    assert demo_stats.load() == 0


def test_exports_hide_complementary_cells_too_and_nothing_hidden_can_be_worked_out(client_as, services):
    """Phone has 1 answered contact: "<5". Then the chat row's answered must be hidden as well,
    or total answered minus chat answered gives it away. JSON: null with suppressed true; CSV:
    empty value with suppressed true; the same in the national view."""
    for (role, org), path in (((roles.STATISTICS_READER, "a"), "/statistikk/org/org-a/"), ((roles.NATIONAL_STATISTICS, None), "/statistikk/nasjonalt/")):
        client = client_as(role, org) if org else client_as(role)
        data = json.loads(client.get(path + "?format=json").content)
        total, rows = data["indicators"], data["by_channel"]
        assert rows["phone"]["answered"] is None and rows["phone"]["suppressed"]["answered"] is True
        for key in ("answered", "abandoned_in_queue", "not_served_closed", "offered"):
            shown = [r[key] for r in rows.values() if not r["suppressed"].get(key)]
            hidden = [name for name, r in rows.items() if r["suppressed"].get(key)]
            if total[key] is not None and hidden:
                assert len(hidden) >= 2, (key, rows)  # one hidden cell under a shown total is a subtraction away
                assert all(rows[h][key] is None for h in hidden)
            assert all(v is not None for v in shown)
        hidden_chat = [k for k, v in rows["chat"]["suppressed"].items() if v and k in ("answered", "abandoned_in_queue", "offered")]
        assert hidden_chat, "a complementary cell is hidden in the chat row"
        csv_body = client.get(path + "?format=csv").content.decode()
        for key in hidden_chat:
            assert f"by_channel,chat,{key},,true" in csv_body
        heat = data["tables"]["heatmap"]
        for row in heat:
            for hour, state in row["state"].items():
                assert (row[hour] is None) == (state != "shown")
