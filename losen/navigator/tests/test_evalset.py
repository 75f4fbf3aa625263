import json
from collections import Counter
from pathlib import Path

from losen.directory.taxonomy import CODES
from losen.navigator.seed_profiles import SEED_BY_SLUG

EVALSET = Path(__file__).resolve().parents[1] / "evalset.jsonl"


def load():
    return [json.loads(line) for line in EVALSET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_evalset_shape_and_coverage():
    items = load()
    assert len(items) >= 170
    for it in items:
        assert isinstance(it["text"], str) and it["text"].strip()
        assert it["language"] in {"nb", "nn", "en", "se"}
        assert isinstance(it["crisis"], bool)
        assert it["acceptable"] and set(it["acceptable"]) <= set(SEED_BY_SLUG), it
        assert set(it["topics"]) <= CODES, it
        assert it["split"] in {"dev", "test"}
        assert it.get("for") in (None, "self", "other", "professional")
        assert it.get("age") is None or 5 <= it["age"] <= 110
    assert sum(it["crisis"] for it in items) >= 30
    assert sum(not it["crisis"] for it in items) >= 30
    assert set().union(*(set(it["topics"]) for it in items)) == CODES
    langs = Counter(it["language"] for it in items)
    assert langs["nn"] >= 10 and langs["en"] >= 10 and langs["se"] >= 3
    assert Counter(it["split"] for it in items)["test"] >= 40
