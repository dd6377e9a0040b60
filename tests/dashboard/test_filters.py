"""The URL is the state: parse, notices for what is not understood, and the way back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.filters import Choices, Filters, Notice, parse

KNOWN = Choices(
    sectors=frozenset({"AUTO", "EE", "MED"}),
    countries=frozenset({"JP", "TH"}),
    partners=frozenset({"jp-yokohama", "jp-kanagawa"}),
    levels=frozenset({"local_government", "agency"}),
)


def test_the_spec_example_round_trips():
    q = "?year_from=2015&year_to=2024&sector=AUTO,EE&country=JP&partner=jp-yokohama&level=local_government&lang=th&era=be&period=fy"
    f = parse(q, KNOWN)
    assert f == Filters(2015, 2024, ("AUTO", "EE"), ("JP",), ("jp-yokohama",), ("local_government",), "th", "be", "fy")
    assert f.notices == ()
    assert parse(f.query_string(), KNOWN) == f


def test_buddhist_era_years_in_the_url_are_converted():
    assert parse("year_from=2558&year_to=2567").year_from == 2015
    assert parse("year_from=2558&year_to=2567").year_to == 2024


def test_codes_are_matched_case_blind():
    assert parse("sector=auto,ee&country=jp", KNOWN).sector == ("AUTO", "EE")
    assert parse("sector=auto,ee&country=jp", KNOWN).country == ("JP",)


def test_malformed_and_unknown_parameters_are_ignored_with_notices():
    f = parse("year_from=20x5&sector=AUTO,NANO&lang=fr&colour=red&period=fy", KNOWN)
    assert f.year_from is None and f.sector == ("AUTO",) and f.lang == "th" and f.period == "fy"
    assert set(f.notices) == {
        Notice("year_from", "20x5"),
        Notice("sector", "NANO"),
        Notice("lang", "fr"),
        Notice("colour", "red"),
    }


def test_reversed_year_range_drops_the_start_with_a_notice():
    f = parse("year_from=2024&year_to=2015")
    assert (f.year_from, f.year_to) == (None, 2015)
    assert f.notices == (Notice("year_from", "2024"),)


def test_params_bind_lists_and_null_for_no_filter():
    p = Filters(sector=("AUTO",), period="fy").params()
    assert p["sectors"] == ["AUTO"] and p["countries"] is None and p["fiscal"] is True
    assert (p["year_from"], p["year_to"]) == (1900, 2100)


@given(
    st.builds(
        Filters,
        year_from=st.one_of(st.none(), st.integers(1990, 2000)),
        year_to=st.one_of(st.none(), st.integers(2001, 2030)),
        sector=st.lists(st.sampled_from(sorted(KNOWN.sectors)), unique=True).map(tuple),
        country=st.lists(st.sampled_from(sorted(KNOWN.countries)), unique=True).map(tuple),
        partner=st.lists(st.sampled_from(sorted(KNOWN.partners)), unique=True).map(tuple),
        level=st.lists(st.sampled_from(sorted(KNOWN.levels)), unique=True).map(tuple),
        lang=st.sampled_from(["th", "en"]),
        era=st.sampled_from(["be", "ce"]),
        period=st.sampled_from(["cy", "fy"]),
    )
)
def test_any_view_survives_its_own_link(f: Filters):
    again = parse(f.query_string(), KNOWN)
    assert again == f and again.notices == ()


@given(st.text(max_size=80))
def test_any_query_string_parses_without_raising(q: str):
    parse(q, KNOWN)
