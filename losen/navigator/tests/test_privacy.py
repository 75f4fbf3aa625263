"""The navigator must never log, print or store the text a person writes."""

import builtins
import logging
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from losen.navigator import crisis, ranking, understanding
from losen.navigator.ranking import Query, rank
from losen.navigator.tests.shipped import services

SEED_SERVICES = services()

SECRET = "hemmelig-tekst-7731 pappa slår meg og jeg vil dø"


def test_nothing_logged_printed_or_written(caplog, capsys, monkeypatch, tmp_path):
    def no_open(*a, **k):
        raise AssertionError("navigator tried to open a file")

    caplog.set_level(logging.DEBUG)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(builtins, "open", no_open)
    monkeypatch.setattr(os, "open", no_open)
    crisis.detect(SECRET)
    understanding.understand(SECRET)
    rank(Query(SECRET, age=15), SEED_SERVICES, None, lambda s, c, a: None)
    monkeypatch.undo()
    assert caplog.records == []
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    assert list(tmp_path.iterdir()) == []


def test_modules_have_no_logging_or_print():
    for mod in (crisis, ranking, understanding):
        src = Path(mod.__file__).read_text(encoding="utf-8")
        assert "import logging" not in src
        assert "print(" not in src
        assert "getLogger" not in src


def test_results_do_not_echo_the_text():
    res = rank(Query(SECRET), SEED_SERVICES, None, lambda s, c, a: None)
    for r in res:
        assert "hemmelig" not in " ".join(r.reasons)
    assert "hemmelig" not in " ".join(crisis.detect(SECRET).reasons)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_on_any_text(text):
    crisis.detect(text)
    res = rank(Query(text), SEED_SERVICES, None, lambda s, c, a: None)
    assert 3 <= len(res) <= 5
