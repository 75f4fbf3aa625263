"""Issue 8: the lexicon is data, greetings never raise the panel, risk levels, and evaluation
data stays outside the package."""

import json
import re
from pathlib import Path

import pytest

from losen.navigator import crisis
from losen.navigator.understanding import fold, normalize

PACKAGE = Path(__file__).resolve().parents[2]  # losen/
REPO = PACKAGE.parent


@pytest.mark.parametrize("semantic", [False, True])
@pytest.mark.parametrize(
    "text",
    ["hei", "Hei", "hei!", "ok", "0", "?", "test", "hallo?", "hallo", "heisann", "hello", "hi", "takk", "ja", "nei",
     "buorre beaivi", "god kveld", "hjelp", "hjelp meg", "123", "...", "🙂", "\x00", "12 34", "!!!", "ok takk", "kan dere"],
)
def test_greetings_and_one_or_two_ordinary_words_never_raise_the_panel(text, semantic):
    result = crisis.detect(text, semantic=semantic)
    assert result.crisis is False and result.risk != "acute", (text, result)


def test_short_texts_with_a_clear_signal_still_fire():
    for text in ["vil dø", "orker ikke mer", "kill myself", "har pillene klare"]:
        assert crisis.detect(text, semantic=False).crisis, text


@pytest.mark.parametrize(
    "text, risk",
    [
        ("jeg vil ta livet mitt i kveld", "acute"),
        ("han truer meg med kniv nå", "acute"),
        ("jeg prøvde å ta livet mitt for fem år siden, nå har jeg det bra", "possible"),
        ("jeg skriver oppgave om selvmord blant unge, finnes det statistikk?", "possible"),
        ("jeg blir mobbet på skolen", "none"),
    ],
)
def test_risk_levels(text, risk):
    result = crisis.detect(text, semantic=False)
    assert result.risk == risk, result
    assert result.crisis is (risk == "acute")


def test_lexicon_is_data_with_pattern_language_examples_and_source():
    lexicon = json.loads(crisis.LEXICON_PATH.read_text(encoding="utf-8"))
    groups = ("signals", "weak", "idioms", "combinations")
    assert all(lexicon[g] for g in groups)
    ids = set()
    for group in groups:
        for entry in lexicon[group]:
            assert entry["id"] not in ids
            ids.add(entry["id"])
            assert entry["language"] and entry["source"], entry["id"]
            assert isinstance(entry["examples"], list)
            patterns = entry.get("all") or [entry["pattern"]]
            for p in patterns:
                re.compile(p)
            for example in entry["examples"]:  # every example is caught by its own entry
                text = normalize(example)
                assert all(re.search(p, text) or re.search(fold(p), fold(text)) for p in patterns), (entry["id"], example)


def test_no_crisis_patterns_in_code():
    source = (PACKAGE / "navigator" / "crisis.py").read_text(encoding="utf-8")
    assert "_SIGNALS" not in source and "_IDIOMS: list" not in source


def test_nothing_in_the_package_reads_evaluation_data():
    """Evaluation data lives in bench/data; product code never reads it (nor ships a copy)."""
    offenders = []
    for path in PACKAGE.rglob("*"):
        if path.is_dir() or "__pycache__" in path.parts or "tests" in path.parts or path.suffix in (".mo", ".npz", ".pyc"):
            continue
        if path.suffix == ".jsonl":
            offenders.append(str(path))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if re.search(r"evalset|bench/data|navigator_\w+\.jsonl", text):
            offenders.append(str(path))
    assert offenders == []
    assert (REPO / "bench" / "data" / "README.md").exists()


def test_reasons_are_message_ids_with_an_english_translation():
    from django.utils import translation

    with translation.override("en"):
        for code, message in crisis.REASON_TEXT.items():
            assert translation.gettext(message) != message, code


def test_staff_see_risk_reasons_in_words():
    from django.utils import translation

    from django.template import Context, Template

    with translation.override("nb"):
        out = Template("{% load navigator_tags %}{{ codes|risk_reasons }}").render(Context({"codes": ["plan_or_means", "violence_now"]}))
    assert out == "skriver om en plan eller et middel, vold som skjer nå"
    source = (PACKAGE / "chat" / "templates" / "chat" / "staff_conversation.html").read_text(encoding="utf-8")
    assert "conv.risk_reasons|risk_reasons" in source
