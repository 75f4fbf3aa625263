"""Phone statistics import: documented CSV, every bad line with its number, all or nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from losen.accounts import roles
from losen.stats import actions, phone_csv
from losen.stats.models import CallImport, Contact

GOOD = "start,queue_seconds,talk_seconds,answered,line\n2026-03-01 14:23,35,412,ja,hovedlinje\n2026-03-01T14:31:05+01:00,120,0,nei,\n"
BAD = (
    "start;queue_seconds;talk_seconds;answered\n"
    "2026-03-01 14:23;35;412;ja\n"
    "yesterday;35;412;ja\n"
    "2026-03-01 15:00;-3;0;nei\n"
    "2026-03-01 15:00;30;40;nei\n"
    "2026-03-01 15:00;30;40;kanskje\n"
    "2026-03-01 15:00;30\n"
)


@pytest.fixture
def service(directory):
    from losen.directory.models import Service

    return Service.objects.get(slug="kirkens-sos")


def test_parse_reports_every_bad_line_with_its_number():
    calls, problems = phone_csv.parse(BAD.encode())
    assert [p.line_no for p in problems] == [3, 4, 5, 6, 7]
    assert "start" in problems[0].message and "queue_seconds" in problems[1].params["column"]
    assert len(calls) == 1


def test_header_must_name_the_columns_and_unknown_columns_are_refused():
    _calls, problems = phone_csv.parse(b"start,queue_seconds,talk_seconds,answered,caller_number\n")
    assert problems[0].line_no == 1 and "caller_number" in problems[0].params["columns"]
    _calls, problems = phone_csv.parse("start,answered\n".encode())
    assert "queue_seconds" in problems[0].params["columns"]
    _calls, problems = phone_csv.parse("start\n".encode("utf-16"))
    assert problems[0].line_no == 0


def test_a_file_with_errors_changes_nothing(service):
    result = actions.import_calls(service, BAD.encode())
    assert len(result.problems) == 5 and result.created == 0
    assert Contact.objects.count() == 0 and CallImport.objects.count() == 0


def test_a_good_file_imports_each_call_by_the_hour_and_only_once(service):
    result = actions.import_calls(service, GOOD.encode())
    assert result.created == 2 and not result.problems
    answered = Contact.objects.get(outcome="answered")
    assert answered.channel == "phone" and answered.wait_seconds == 35 and answered.handle_seconds == 412 and answered.line == "hovedlinje"
    assert answered.received_hour.minute == 0
    assert Contact.objects.get(outcome="abandoned_queue").wait_seconds == 120
    again = actions.import_calls(service, GOOD.encode())
    assert again.duplicate and Contact.objects.count() == 2


def test_command_imports_and_refuses_bad_files(service, tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD)
    bad.write_text(BAD)
    with pytest.raises(CommandError):
        call_command("import_calls", str(bad), "--service", "kirkens-sos", stderr=io.StringIO())
    assert Contact.objects.count() == 0
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_calls", str(bad), "--service", "kirkens-sos", stderr=err)
    assert ":3:" in err.getvalue() and ":7:" in err.getvalue()
    out = io.StringIO()
    call_command("import_calls", str(good), "--service", "kirkens-sos", stdout=out)
    assert Contact.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("import_calls", str(good), "--service", "no-such-service")


def test_staff_page_lists_bad_lines_and_keeps_nothing(client_as, service, orgs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    service.organisation = orgs["a"]
    service.save()
    client = client_as(roles.SERVICE_ADMIN)
    url = "/statistikk/org/org-a/telefon/"
    response = client.post(url, {"service": "kirkens-sos", "file": SimpleUploadedFile("calls.csv", BAD.encode(), "text/csv")})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ingenting er importert" in body and "<td>7</td>" in body
    assert Contact.objects.count() == 0
    response = client.post(url, {"service": "kirkens-sos", "file": SimpleUploadedFile("calls.csv", GOOD.encode(), "text/csv")})
    assert response.status_code == 302 and Contact.objects.count() == 2
    assert client_as(roles.STATISTICS_READER).get(url).status_code == 403
