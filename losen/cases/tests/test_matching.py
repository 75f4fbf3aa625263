"""Matching: hypothesis properties and hand cases from seeds 000/001. No database."""

from hypothesis import given, settings
from hypothesis import strategies as st

from losen.cases import matching as m

forms = st.lists(st.sampled_from(m.FORMS), unique=True).map(tuple)
times = st.lists(st.sampled_from(m.TIMES), unique=True).map(tuple)
langs = st.lists(st.sampled_from(["nb", "se", "en", "ar", "uk"]), unique=True).map(tuple)
tags = st.lists(st.sampled_from(["brudd", "jehovas", "lestadianisme", "pinse"]), unique=True).map(tuple)
regions = st.sampled_from(["", "oslo", "troms", "vestland"])


@st.composite
def candidate(draw, vid):
    mx = draw(st.integers(1, 5))
    return m.Candidate(
        volunteer_id=vid, name=f"v{vid}", languages=draw(langs), forms=draw(forms), times=draw(times),
        gender=draw(st.sampled_from(["", "woman", "man"])), region=draw(regions), lived_experience=draw(tags),
        open_cases=draw(st.integers(0, mx + 1)), max_cases=mx, active=draw(st.booleans()),
    )


@st.composite
def pool(draw):
    n = draw(st.integers(0, 12))
    return [draw(candidate(i + 1)) for i in range(n)]


needs = st.builds(
    m.Need, forms=forms, times=times, region=regions, language=st.sampled_from(["nb", "se", "en"]),
    gender=st.sampled_from(["", "woman", "man"]), lived_experience=tags,
    excluded=st.frozensets(st.integers(1, 12), max_size=4),
)


@settings(max_examples=200)
@given(pool(), needs, st.randoms())
def test_same_inputs_same_ranking_whatever_the_order(cands, need, rnd):
    first = m.rank(cands, need, limit=0)
    shuffled = list(cands)
    rnd.shuffle(shuffled)
    assert m.rank(shuffled, need, limit=0) == first
    assert m.rank(cands, need, limit=0) == first


@settings(max_examples=200)
@given(pool(), needs)
def test_excluded_full_and_inactive_never_suggested(cands, need):
    by_id = {c.volunteer_id: c for c in cands}
    for s in m.rank(cands, need, limit=0):
        c = by_id[s.volunteer_id]
        assert s.volunteer_id not in need.excluded
        assert c.open_cases < c.max_cases
        assert c.active
        assert s.reasons  # every suggestion says why


@given(pool(), needs)
def test_ranking_is_sorted_and_limited(cands, need):
    out = m.rank(cands, need, limit=3)
    assert len(out) <= 3
    assert [s.score for s in out] == sorted((s.score for s in out), reverse=True)


# --- hand cases from the seeds ---------------------------------------------------------------


def _ids(out):
    return [s.volunteer_id for s in out]


def test_seed_meeting_in_tromso_in_north_sami_with_lived_experience():
    # 000: forms chat/phone/e-mail/video/meeting at a café; the example reasons.
    need = m.Need(forms=("meet", "chat"), times=("evening",), region="troms", language="se", language_label="nordsamisk",
                  lived_experience=("brudd",), lived_labels={"brudd": "brudd"})
    anne = m.Candidate(1, "Anne", languages=("nb", "se"), forms=("meet", "chat"), times=("evening",), region="troms",
                       region_label="Tromsø", lived_experience=("brudd",), open_cases=1, max_cases=3)
    oslo = m.Candidate(2, "Per", languages=("nb",), forms=("chat", "phone"), times=("day",), region="oslo", open_cases=0, max_cases=3)
    out = m.rank([oslo, anne], need)
    assert _ids(out) == [1, 2]
    texts = [msg % params for msg, params in out[0].reasons]
    assert "snakker nordsamisk" in texts
    assert "kan møtes i Tromsø" in texts
    assert "har selv erfaring med brudd" in texts


def test_region_counts_only_for_physical_meetings():
    need = m.Need(forms=("chat",), region="troms")
    a = m.Candidate(1, "A", forms=("chat", "meet"), region="troms", max_cases=3)
    assert not any("møtes" in msg for msg, _ in m.score(a, need)[1])


def test_stated_conflict_same_local_community_excludes():
    need = m.Need(forms=("phone",), excluded=frozenset({7}))
    known = m.Candidate(7, "Kjent", forms=("phone",), max_cases=5)
    other = m.Candidate(8, "Annen", forms=(), max_cases=1)
    assert _ids(m.rank([known, other], need)) == [8]


def test_full_volunteer_is_not_suggested_and_near_full_is_flagged():
    full = m.Candidate(1, "Full", forms=("chat",), open_cases=3, max_cases=3)
    one_left = m.Candidate(2, "Nesten", forms=("chat",), open_cases=2, max_cases=3)
    assert _ids(m.rank([full, one_left], m.Need(forms=("chat",)))) == [2]
    assert m.near_full(one_left) and m.near_full(full)


def test_gender_preference_ranks_first():
    need = m.Need(gender="woman")
    w = m.Candidate(1, "W", gender="woman", max_cases=2)
    man = m.Candidate(2, "M", gender="man", max_cases=2)
    assert _ids(m.rank([man, w], need)) == [1, 2]


def test_dependency_signal():
    assert m.dependency([1, 4, 5, 6], "weekly")
    assert not m.dependency([9, 9, 1], "weekly")  # not several weeks in a row
    assert not m.dependency([2, 2, 2], "biweekly")  # below 3 a week
    assert m.dependency([3, 3, 3], "biweekly")
    assert not m.dependency([5, 5], "weekly")  # too short a history


@settings(max_examples=200)
@given(pool(), needs)
def test_every_eligible_volunteer_is_ranked_once_and_nobody_else(cands, need):
    ids = _ids(m.rank(cands, need, limit=0))
    assert len(ids) == len(set(ids))
    assert set(ids) == {c.volunteer_id for c in cands if c.active and c.open_cases < c.max_cases and c.volunteer_id not in need.excluded}


# --- the dependency signal: properties ---------------------------------------------------------

frequencies = st.sampled_from(["weekly", "biweekly", "needed", ""])
weeks = st.lists(st.integers(0, 20), max_size=12)


@given(weeks, frequencies)
def test_dependency_needs_several_weeks_far_above_the_agreed_rate(counts, frequency):
    signal = m.dependency(counts, frequency)
    if len(counts) < m.DEPENDENCY_WEEKS or min(counts[-m.DEPENDENCY_WEEKS:]) < 3:
        assert not signal  # one heavy week, or contact near the agreed rate, is no signal
    threshold = max(3, m.DEPENDENCY_FACTOR * m.PER_WEEK.get(frequency, 1.0))
    if len(counts) >= m.DEPENDENCY_WEEKS and all(n >= threshold for n in counts[-m.DEPENDENCY_WEEKS:]):
        assert signal


@given(weeks, weeks, frequencies, st.data())
def test_dependency_looks_at_recent_weeks_and_more_contact_never_hides_it(older, counts, frequency, data):
    signal = m.dependency(counts, frequency)
    if len(counts) >= m.DEPENDENCY_WEEKS:
        assert m.dependency(older + counts, frequency) == signal  # older weeks do not matter
    if signal:
        i = data.draw(st.integers(0, len(counts) - 1))
        more = list(counts)
        more[i] += data.draw(st.integers(1, 10))
        assert m.dependency(more, frequency)
