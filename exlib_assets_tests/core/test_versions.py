import random

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from exlib_assets.core.errors import InvalidVersionError, NotFoundError
from exlib_assets.core.versions import (
    latest_version,
    parse_constraint,
    parse_version,
    sort_versions,
)


def v(tag: str):
    return parse_version(tag)


# --- Version -------------------------------------------------------------------


def test_numbers_compare_as_numbers_not_text():
    assert v("1.10") > v("1.9")
    assert v("2.0.0") > v("1.99.99")
    assert v("10.0") > v("9.0")


def test_same_version_written_differently_is_equal_and_hashes_alike():
    assert v("v1.2") == v("1.2") == v("1.2.0") == v("V1.2")
    assert len({v("v1.2"), v("1.2"), v("1.2.0")}) == 1
    assert v("1.2") != v("1.2.1")


def test_version_keeps_the_tag_as_written():
    version = v("v1.2")
    assert version.tag == "v1.2"
    assert str(version) == "v1.2"


@pytest.mark.parametrize(
    ("tag", "normalized"),
    [
        ("1.2", "1.2"),
        ("v1.2", "1.2"),
        ("1.2.0", "1.2"),
        ("1", "1.0"),
        ("1.0.0", "1.0"),
        ("2.0.0-beta.1", "2.0b1"),
        ("1.0rc1", "1.0rc1"),
        ("1.0-1", "1.0.post1"),
        ("1.2.3", "1.2.3"),
    ],
)
def test_normalized_form(tag, normalized):
    assert v(tag).normalized == normalized


def test_prereleases():
    assert v("2.0.0-beta.1").is_prerelease
    assert v("1.0rc1").is_prerelease
    assert v("1.0.dev3").is_prerelease
    assert not v("1.0").is_prerelease
    assert v("2.0.0-beta.1") < v("2.0.0-rc.1") < v("2.0.0") < v("2.0.1-alpha")
    assert v("1.0.dev1") < v("1.0a1") < v("1.0")


def test_shuffled_tags_sort_semantically():
    ordered = [
        "0.9", "1.0a1", "1.0rc1", "v1.0", "1.1", "1.2.0", "1.9", "1.10", "v2.0.0-beta.1", "2.0"
    ]  # fmt: skip
    shuffled = ordered[:]
    random.Random(7).shuffle(shuffled)
    assert sort_versions(shuffled) == ordered
    assert sorted(shuffled, key=parse_version) == ordered
    assert sorted(shuffled, key=lambda tag: v(tag).sort_key) == ordered


def test_sort_key_is_fixed_width_digits_and_lowercase_letters():
    key = v("v2.0.0-beta.1").sort_key
    assert key == v("2.0b1").sort_key
    assert len(key) == len(v("1").sort_key)
    assert key.isalnum() and key == key.lower()


@pytest.mark.parametrize("tag", ["", "v", "abc", "1.x", "1.0+local", "1!2.0", "1 .0", "1.2.3.4.5"])
def test_invalid_tags_are_named_with_valid_examples(tag):
    with pytest.raises(InvalidVersionError) as error:
        parse_version(tag)
    message = str(error.value)
    assert repr(tag) in message
    assert "`1.0`, `v1.2`, `2.0.0`" in message


def test_too_large_numbers_are_refused_because_sort_key_could_not_order_them():
    with pytest.raises(InvalidVersionError, match="at most 99999999"):
        parse_version("123456789.0")


_release_numbers = st.integers(min_value=0, max_value=99_999_999)
# Small enough that the longest tag drawn stays within the 64-character limit.
_suffix_numbers = st.integers(min_value=0, max_value=9_999)


@st.composite
def version_tags(draw) -> str:
    release = draw(st.lists(_release_numbers, min_size=1, max_size=4))
    tag = ".".join(str(n) for n in release)
    if draw(st.booleans()):
        marker = draw(st.sampled_from(["a", "b", "rc", "-beta.", "-alpha."]))
        tag += marker + str(draw(_suffix_numbers))
    if draw(st.booleans()):
        tag += f".post{draw(_suffix_numbers)}"
    if draw(st.booleans()):
        tag += f".dev{draw(_suffix_numbers)}"
    return draw(st.sampled_from(["", "v"])) + tag


@given(version_tags(), version_tags())
@example("1.0", "1")
@example("1.0.dev1", "1.0a1")
@example("1.0a1.post1", "1.0a2")
@example("1.0.post1.dev1", "1.0")
@example("1.0.post1.dev1", "1.0.post1")
def test_sort_key_orders_exactly_like_versions(first, second):
    a, b = v(first), v(second)
    assert (a < b) == (a.sort_key < b.sort_key)
    assert (a == b) == (a.sort_key == b.sort_key) == (a.normalized == b.normalized)
    if a == b:
        assert hash(a) == hash(b)


# --- Constraints ---------------------------------------------------------------

TAGS = ["0.9", "1.0", "1.2", "1.2.5", "1.3.0", "1.10", "2.0.0-beta.1", "2.0", "2.1rc1"]


@pytest.mark.parametrize("text", ["latest", "LATEST", "*", "", "  "])
def test_latest_picks_the_highest_final_release(text):
    constraint = parse_constraint(text)
    assert not constraint.is_exact
    assert constraint.resolve(TAGS) == "2.0"


def test_latest_falls_back_to_a_prerelease_only_when_there_is_no_final_release():
    assert parse_constraint("latest").resolve(["1.0a1", "1.0rc2", "1.0b3"]) == "1.0rc2"
    assert latest_version(["1.0a1", "1.0rc2"]) == "1.0rc2"
    assert latest_version(["1.0", "2.0rc1"]) == "1.0"
    assert latest_version([]) is None


def test_resolve_returns_the_original_tag():
    assert parse_constraint("latest").resolve(["v1.0", "v1.10", "v1.9"]) == "v1.10"
    assert parse_constraint("1.2").resolve(["1.1", "v1.2.0", "1.3"]) == "v1.2.0"


@pytest.mark.parametrize("text", ["1.2", "v1.2", "=1.2", "==1.2", "== 1.2", "1.2.0"])
def test_exact_versions(text):
    constraint = parse_constraint(text)
    assert constraint.is_exact
    assert constraint.text == text.strip()
    assert constraint.allows("1.2") and constraint.allows("v1.2.0")
    assert not constraint.allows("1.2.1") and not constraint.allows("1.3")
    assert constraint.resolve(TAGS) == "1.2"


def test_exact_prerelease_matches_the_prerelease():
    constraint = parse_constraint("2.0.0-beta.1")
    assert constraint.is_exact
    assert constraint.allows("2.0b1")
    assert constraint.resolve(TAGS) == "2.0.0-beta.1"


@pytest.mark.parametrize(
    ("text", "allowed", "refused"),
    [
        ("^1.2", ["1.2", "1.2.5", "1.10", "1.99.1"], ["1.1.9", "2.0", "0.9"]),
        ("^0.2", ["0.2", "0.2.9"], ["0.3", "0.1", "1.0"]),
        ("^0.0.3", ["0.0.3"], ["0.0.4", "0.0.2", "0.1"]),
        ("~1.2", ["1.2", "1.2.9"], ["1.3", "1.1", "2.0"]),
        ("~1", ["1.0", "1.9.9"], ["2.0", "0.9"]),
        ("~1.2.3", ["1.2.3", "1.2.10"], ["1.2.2", "1.3"]),
        (">=1.0,<2", ["1.0", "1.10"], ["0.9", "2.0"]),
        (">= 1.0, < 2", ["1.0", "1.10"], ["0.9", "2.0"]),
        (">=1.0 <2", ["1.0", "1.10"], ["0.9", "2.0"]),
        (">1.0,<=1.2", ["1.1", "1.2"], ["1.0", "1.2.1"]),
        ("!=1.2", ["1.1", "1.3"], ["1.2.0"]),
    ],
)
def test_ranges(text, allowed, refused):
    constraint = parse_constraint(text)
    assert not constraint.is_exact
    assert [tag for tag in allowed if not constraint.allows(tag)] == []
    assert [tag for tag in refused if constraint.allows(tag)] == []


def test_ranges_resolve_to_the_highest_allowed_version():
    assert parse_constraint("^1.2").resolve(TAGS) == "1.10"
    assert parse_constraint("~1.2").resolve(TAGS) == "1.2.5"
    assert parse_constraint(">=1.0,<1.3").resolve(TAGS) == "1.2.5"
    assert parse_constraint("^0.9").resolve(TAGS) == "0.9"


def test_ranges_skip_prereleases_unless_they_name_one():
    assert not parse_constraint(">=2.0.0-alpha.1").allows("2.1rc1")
    assert not parse_constraint("^2.0").allows("2.1rc1")
    assert not parse_constraint("<2").allows("2.0rc1")
    assert parse_constraint(">=1.0").resolve(["1.0", "2.0rc1"]) == "1.0"
    beta_range = parse_constraint(">=2.0.0-beta.1")
    assert beta_range.allows("2.0.0-rc.1")
    assert not beta_range.allows("2.1.0-beta.1")
    assert beta_range.allows("2.1.0")
    assert parse_constraint("^2.0.0-beta.1").resolve(["2.0.0-beta.1", "2.0.0-rc.1"]) == "2.0.0-rc.1"


def test_nothing_matching_names_the_constraint_and_the_available_tags():
    with pytest.raises(NotFoundError) as error:
        parse_constraint("^3.0").resolve(["1.10", "1.9", "2.0"], example="itpcp.caesar")
    message = str(error.value)
    assert "'^3.0'" in message
    assert "'itpcp.caesar'" in message
    assert "1.9, 1.10, 2.0" in message


def test_nothing_to_resolve_from_says_so():
    with pytest.raises(NotFoundError, match="no versions yet"):
        parse_constraint("latest").resolve([])


@pytest.mark.parametrize("text", ["^", "~", "^1.x", ">=1.0,", ">=1.0,1.5", ">>1", "=>1.0", "1.0 - 2.0", "~=1.2", "abc"])
def test_bad_constraints_name_the_text_and_list_the_forms(text):
    with pytest.raises(InvalidVersionError) as error:
        parse_constraint(text)
    message = str(error.value)
    assert repr(text) in message
    assert "`latest`" in message and "`^1.2`" in message and "`>=1.0,<2`" in message


def test_a_range_whose_upper_bound_overflows_names_the_constraint():
    with pytest.raises(InvalidVersionError, match=r"'\^99999999' is not a valid version"):
        parse_constraint("^99999999")


def test_sort_versions_rejects_invalid_tags():
    with pytest.raises(InvalidVersionError, match="'banana'"):
        sort_versions(["1.0", "banana"])
