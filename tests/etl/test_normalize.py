"""etl.normalize: values as Thai ministry analysts write them (SPEC section 3).

Unit tables pin every form the docstrings promise; hypothesis properties check
that whole families of them round-trip (any real day, any month, any number)
and that nothing - however odd the text - raises or gives an inconsistent row.
Each property builds one DataFrame per generated batch, not one per value.
"""

from __future__ import annotations

import string
from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.normalize import (
    UNIT_MULTIPLIER,
    canonical_choice,
    ce_year,
    clean_text,
    fiscal_year,
    lookup_key,
    parse_bool,
    parse_currency,
    parse_date,
    parse_int,
    parse_number,
    parse_period,
    parse_unit,
    parse_year,
    split_list,
    thai_digits,
)

# No example database: the suite must not write into the repository.
PROPERTY = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
# Cheap, narrow properties: fewer batches of more values.
LIGHT = settings(PROPERTY, max_examples=100)

# Written out here rather than taken from the module, so the tests do not
# simply repeat its own tables back to it.
TH_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
TH_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
EN_FULL = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
EN_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
EXCEL_EPOCH = date(1899, 12, 30)  # serial 25569 = 1970-01-01 (1900 date system); 5 digits from 1927-05-18


def to_thai(s: str) -> str:
    return s.translate(TO_THAI)


def strings(values) -> pl.DataFrame:
    return pl.DataFrame({"raw": pl.Series("raw", list(values), dtype=pl.String)})


def dates_of(values) -> list[tuple]:
    """(x_date, x_year, x_month, x_precision) for each value."""
    out = strings(values).pipe(parse_date, "raw", "x")
    return list(out.select("x_date", "x_year", "x_month", "x_precision").iter_rows())


def apply(fn, values, *args, **kwargs) -> list:
    return strings(values).select(fn(pl.col("raw"), *args, **kwargs).alias("out"))["out"].to_list()


def periods_of(values) -> list[tuple]:
    out = strings(values).lazy().select(**parse_period(pl.col("raw"))).collect()
    return list(out.select("period", "month_from", "month_to", "ok").iter_rows())


NULL_DATE = (None, None, None, None)


def day(y: int, m: int, d: int) -> tuple:
    return (date(y, m, d), y, m, "day")


def month(y: int, m: int) -> tuple:
    return (None, y, m, "month")


def year(y: int) -> tuple:
    return (None, y, None, "year")


# --------------------------------------------------------------------------- parse_date: the forms it promises

DATE_FORMS = [
    # ISO, with the time part Excel adds
    ("2022-07-14", day(2022, 7, 14)),
    ("2022-7-4", day(2022, 7, 4)),
    ("2022-07-14 00:00:00", day(2022, 7, 14)),
    ("2022-07-14 10:30", day(2022, 7, 14)),
    ("2022-07-14 10:30:00.000", day(2022, 7, 14)),
    ("2565-07-14", day(2022, 7, 14)),  # a year >= 2400 is BE wherever it stands
    ("01/01/2400", day(1857, 1, 1)),
    ("31/12/2399", day(2399, 12, 31)),
    # day-first
    ("14/07/2565", day(2022, 7, 14)),
    ("14/7/2022", day(2022, 7, 14)),
    ("14-07-2565", day(2022, 7, 14)),
    ("14.07.2565", day(2022, 7, 14)),
    ("14 / 07 / 2565", day(2022, 7, 14)),
    ("14/07/65", day(2022, 7, 14)),  # two-digit years are BE: 65 = 2565
    ("14-7-22", day(1979, 7, 14)),  # 22 = 2522 = 1979
    # Thai month names
    ("14 ก.ค. 2565", day(2022, 7, 14)),
    ("14 ก.ค.2565", day(2022, 7, 14)),
    ("14ก.ค.2565", day(2022, 7, 14)),
    ("14 ก.ค 2565", day(2022, 7, 14)),
    ("14 กรกฎาคม 2565", day(2022, 7, 14)),
    ("29 ก.พ. 2563", day(2020, 2, 29)),
    ("6 มิ.ย.60", day(2017, 6, 6)),
    ("6 มิ.ย. 60", day(2017, 6, 6)),
    # English month names, any case
    ("14 July 2022", day(2022, 7, 14)),
    ("14 Jul 2022", day(2022, 7, 14)),
    ("14 Jul. 2022", day(2022, 7, 14)),
    ("14 July, 2022", day(2022, 7, 14)),
    ("July 14, 2022", day(2022, 7, 14)),
    ("July 14 2022", day(2022, 7, 14)),
    ("Jul 14, 2022", day(2022, 7, 14)),
    ("July 14, 2565", day(2022, 7, 14)),
    ("14 Sept. 2022", day(2022, 9, 14)),
    ("14 sep 2022", day(2022, 9, 14)),
    ("14 JULY 2022", day(2022, 7, 14)),
    ("14 july 2022", day(2022, 7, 14)),
    ("14 jUlY 2022", day(2022, 7, 14)),
    # Thai digits
    ("๑๔/๐๗/๒๕๖๕", day(2022, 7, 14)),
    ("๑๔ ก.ค. ๒๕๖๕", day(2022, 7, 14)),
    ("๒๐๒๒-๐๗-๑๔", day(2022, 7, 14)),
    # extra and odd white space
    ("  14   July   2022 ", day(2022, 7, 14)),
    ("\u00a014 ก.ค.\u00a02565", day(2022, 7, 14)),
    ("\t2022-07-14\n", day(2022, 7, 14)),
    # Excel serial day numbers
    ("44756", day(2022, 7, 14)),
    ("44756.0", day(2022, 7, 14)),
    ("๔๔๗๕๖", day(2022, 7, 14)),
    ("25569", day(1970, 1, 1)),
    # month precision
    ("2018-07", month(2018, 7)),
    ("2018-7", month(2018, 7)),
    ("2561-07", month(2018, 7)),
    ("07/2018", month(2018, 7)),
    ("7/2018", month(2018, 7)),
    ("07/2561", month(2018, 7)),
    ("ก.ค. 2561", month(2018, 7)),
    ("กรกฎาคม 2561", month(2018, 7)),
    ("ก.ค.61", month(2018, 7)),
    ("July 2018", month(2018, 7)),
    ("Jul 2018", month(2018, 7)),
    ("July, 2018", month(2018, 7)),
    ("JULY 2018", month(2018, 7)),
    ("Sep 2022", month(2022, 9)),
    ("ธันวาคม 2565", month(2022, 12)),
    ("๐๗/๒๕๖๑", month(2018, 7)),
    # year precision
    ("2017", year(2017)),
    ("2560", year(2017)),
    ("๒๕๖๐", year(2017)),
    (" 2017 ", year(2017)),
]


@pytest.mark.parametrize(("text", "expected"), DATE_FORMS, ids=[t for t, _ in DATE_FORMS])
def test_parse_date_accepted_forms(text, expected):
    assert dates_of([text]) == [expected]


def test_parse_date_all_forms_in_one_frame():
    """Rows do not leak into each other: the batch gives the same as one at a time."""
    assert dates_of([t for t, _ in DATE_FORMS]) == [e for _, e in DATE_FORMS]


def test_parse_date_converts_be_before_building_the_day():
    # 2563 BE = 2020 CE, a leap year (2563 itself is not divisible by 4);
    # 2564 BE = 2021 CE, not a leap year.
    assert dates_of(["29/02/2563", "29 ก.พ. 2563", "29/02/2020"]) == [day(2020, 2, 29)] * 3
    assert dates_of(["29/02/2564", "29 กุมภาพันธ์ 2564", "29/02/2021"]) == [NULL_DATE] * 3


IMPOSSIBLE = [
    "31/02/2565",
    "2023-02-30",
    "31 เม.ย. 2566",
    "13/13/2020",
    "0/07/2022",
    "32 July 2022",
    "31 June 2022",
    "2022-00",
    "2022-13",
    "13/2018",
    "00/2018",
    "0999",  # a year must have four digits and be at least 1000
    "14/07",
    "14 ก.ค.",
    "ก.ค.",
    "Mayday",
    "hello",
    "1 Mayo 2020",
    "12345678",
]


@pytest.mark.parametrize("text", IMPOSSIBLE)
def test_parse_date_impossible_or_unreadable_gives_all_nulls(text):
    assert dates_of([text]) == [NULL_DATE]


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "\u200b", "\t\n", None])
def test_parse_date_blank_gives_nulls(text):
    assert dates_of([text]) == [NULL_DATE]


def test_parse_date_month_and_year_precision_never_pad_a_day():
    rows = dates_of(["2018-07", "07/2018", "ก.ค. 2561", "July 2018", "2017", "2560", "กรกฎาคม 2561"])
    assert all(r[0] is None for r in rows)
    assert [r[3] for r in rows] == ["month"] * 4 + ["year"] * 2 + ["month"]
    assert [r[2] for r in rows] == [7, 7, 7, 7, None, None, 7]


def test_parse_date_keeps_other_columns_and_adds_only_four():
    df = pl.DataFrame({"id": [1, 2], "when": ["14/07/2565", "bad"], "x_other": ["a", "b"]})
    out = df.pipe(parse_date, "when", "signed")
    assert out.columns == [*df.columns, "signed_date", "signed_year", "signed_month", "signed_precision"]
    assert out.select(df.columns).equals(df)
    assert out.schema["signed_date"] == pl.Date
    assert out.schema["signed_year"] == pl.Int64
    assert out.schema["signed_month"] == pl.Int64
    assert out.schema["signed_precision"] == pl.String


def test_parse_date_works_on_a_lazy_frame():
    lf = strings(["14/07/2565", "2018-07", "x"]).lazy()
    out = lf.pipe(parse_date, "raw", "x")
    assert isinstance(out, pl.LazyFrame)
    rows = out.select("x_date", "x_year", "x_month", "x_precision").collect().rows()
    assert rows == [day(2022, 7, 14), month(2018, 7), NULL_DATE]


def test_parse_date_empty_frame():
    out = strings([]).pipe(parse_date, "raw", "x")
    assert out.height == 0
    assert out.columns == ["raw", "x_date", "x_year", "x_month", "x_precision"]


# Regression: the month-name step lowercases the text, so the ISO pattern's upper-case `T`
# separator never matched and ISO date-times read as null.
@pytest.mark.parametrize("text", ["2022-07-14T10:30:00", "2022-07-14T00:00", "2565-07-14T10:30:00"])
def test_parse_date_iso_with_t_separator(text):
    assert dates_of([text]) == [day(2022, 7, 14)]


# Regression: regex \d is Unicode-aware; five Arabic-Indic or full-width digits used to
# match the Excel-serial regex and make the strict Int64 cast raise for the whole column.
@pytest.mark.parametrize("text", ["٤٤٧٥٦", "４４７５６", "１４/０７/２０２２", "٢٠٢٢-٠٧-١٤", "２０２２"])
def test_parse_date_never_raises_on_foreign_digits(text):
    rows = dates_of([text, "14/07/2565"])
    assert rows[1] == day(2022, 7, 14)
    assert rows[0] in (NULL_DATE, day(2022, 7, 14), year(2022))  # unread, or read as the digits they are


# --------------------------------------------------------------------------- parse_date: properties

REAL_DAYS = st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))


def day_forms(d: date) -> list[str]:
    be, m = d.year + 543, d.month - 1
    be_forms = [
        f"{d:%d/%m}/{be}",
        f"{d.day}/{d.month}/{be}",
        f"{d:%d-%m}-{be}",
        f"{d:%d.%m}.{be}",
        f"{d.day} {TH_ABBR[m]} {be}",
        f"{d.day} {TH_ABBR[m]}{be}",
        f"{d:%d} {TH_ABBR[m].rstrip('.')} {be}",
        f"{d.day} {TH_FULL[m]} {be}",
        f"{d.year}-{d:%m-%d}",
    ]
    ce_forms = [
        d.isoformat(),
        f"{d.year}-{d.month}-{d.day}",
        f"{d.isoformat()} 00:00:00",
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day} {EN_FULL[m]} {d.year}",
        f"{d.day} {EN_ABBR[m].upper()} {d.year}",
        f"{EN_FULL[m].lower()} {d.day}, {d.year}",
        f"{EN_ABBR[m]} {d.day}, {be}",
        f"  {d.day}   {TH_ABBR[m]}   {be}  ",
    ]
    excel = [str(serial), f"{serial}.0"] if 10_000 <= (serial := (d - EXCEL_EPOCH).days) <= 99_999 else []
    return be_forms + ce_forms + [to_thai(f) for f in be_forms] + excel


@PROPERTY
@given(st.lists(REAL_DAYS, min_size=1, max_size=10))
def test_property_any_real_day_in_any_form_parses_back(days):
    """ISO, day-first CE and BE, Thai and English month names, Thai digits, Excel serial days."""
    texts, expected = [], []
    for d in days:
        forms = day_forms(d)
        texts += forms
        expected += [(d, d.year, d.month, "day")] * len(forms)
    assert dates_of(texts) == expected


@settings(PROPERTY, max_examples=100)  # a frame costs the same for 1 or 300 rows: fewer, larger batches
@given(st.lists(st.dates(min_value=date(1957, 1, 1), max_value=date(2056, 12, 31)), min_size=1, max_size=25))
def test_property_two_digit_be_years(days):
    """`yy` is BE 25yy, i.e. CE 2500 + yy - 543 (1957..2056)."""
    texts, expected = [], []
    for d in days:
        yy, m = (d.year + 543) % 100, d.month - 1
        forms = [f"{d:%d/%m}/{yy:02d}", f"{d.day} {TH_ABBR[m]}{yy:02d}", f"{d.day} {TH_FULL[m]} {yy:02d}"]
        forms += [to_thai(forms[0])]
        texts += forms
        expected += [(d, d.year, d.month, "day")] * len(forms)
        texts += [f"{TH_ABBR[m]} {yy:02d}"]
        expected += [(None, d.year, d.month, "month")]
    assert dates_of(texts) == expected


@PROPERTY
@given(
    st.lists(st.tuples(st.integers(1901, 2099), st.integers(1, 12)), min_size=1, max_size=10),
    st.lists(st.integers(1000, 2399), max_size=10),
)
def test_property_any_month_or_year_parses_with_its_precision(months, ce_years):
    """A month or a year alone is kept at that precision: never a padded day."""
    texts, expected = [], []
    for y, m in months:
        be = y + 543
        forms = [
            f"{y}-{m:02d}",
            f"{y}-{m}",
            f"{m:02d}/{y}",
            f"{m}/{be}",
            f"{TH_ABBR[m - 1]} {be}",
            f"{TH_ABBR[m - 1]}{be}",
            f"{TH_FULL[m - 1]} {be}",
            f"{EN_FULL[m - 1]} {y}",
            f"{EN_ABBR[m - 1].lower()} {y}",
        ]
        forms += [to_thai(f) for f in forms[3:7]]
        texts += forms
        expected += [(None, y, m, "month")] * len(forms)
        texts += [str(be), to_thai(str(be)), str(y)]  # a four-digit year >= 2400 is BE, below is CE
        expected += [(None, y, None, "year")] * 3
    texts += [str(y) for y in ce_years]
    expected += [(None, y, None, "year") for y in ce_years]
    assert dates_of(texts) == expected


DATE_TOKENS = st.sampled_from(
    ["1", "7", "12", "14", "29", "31", "00", "60", "2022", "2565", "2400", "44756", "๑๔", "๒๕๖๕",
     "/", "-", ".", ",", ":", " ", "  ", "T", "t", "\u00a0",
     "ก.ค.", "ก.ค", "กรกฎาคม", "ก.พ.", "มิ.ย.", "July", "jul.", "Sept", "MAY", "M07", "Q1",
     "٤٤٧٥٦", "１４", "２０２２"]
)  # fmt: skip
DATEISH = st.lists(DATE_TOKENS, max_size=8).map("".join)
ANY_TEXT = st.one_of(st.text(), DATEISH, st.none())


def assert_consistent(row: tuple) -> None:
    d, y, m, prec = row
    if prec is None:
        assert (d, y, m) == (None, None, None)
    elif prec == "day":
        assert d is not None and (d.year, d.month) == (y, m)
    elif prec == "month":
        assert d is None and y is not None and 1 <= m <= 12
    elif prec == "year":
        assert d is None and m is None and y is not None
    else:
        pytest.fail(f"unknown precision {prec!r}")


@PROPERTY
@given(st.lists(ANY_TEXT, min_size=1, max_size=30))
def test_property_parse_date_never_raises_and_rows_are_consistent(texts):
    out = strings(texts).pipe(parse_date, "raw", "x")
    assert out["raw"].to_list() == texts
    for row in out.select("x_date", "x_year", "x_month", "x_precision").iter_rows():
        assert_consistent(row)


# --------------------------------------------------------------------------- numbers

INF = float("inf")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", 1234.5),
        ("๑,๒๓๔", 1234.0),
        ("๑,๒๓๔.๕", 1234.5),
        (" 12 ", 12.0),
        ("1 234", 1234.0),
        ("1\u00a0234", 1234.0),
        ("1,234,567", 1234567.0),
        ("-1,234.5", -1234.5),
        ("+3", 3.0),
        ("0", 0.0),
        ("0.25", 0.25),
        ("1.2E+06", 1.2e6),  # as Excel writes large numbers
        ("1e5", 1e5),
        ("inf", INF),  # read as infinity; the staging rules reject values that are not finite
        ("-inf", -INF),
    ],
)
def test_parse_number_reads(text, expected):
    assert apply(parse_number, [text]) == [expected]


@pytest.mark.parametrize(
    "text", ["", "   ", None, "nan", "NaN", "abc", "1.2.3", "0x10", "--1", "12abc", "฿12", "1,234 baht"]
)
def test_parse_number_blank_unreadable_or_nan_is_null(text):
    assert apply(parse_number, [text]) == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("12.0", 12),  # as Excel writes a whole number
        ("1,234", 1234),
        ("1,234.0", 1234),
        ("๑๒", 12),
        ("๑๒.๐", 12),
        ("-7", -7),
        ("+3", 3),
        (" 30 ", 30),
        ("1 200", 1200),
        ("9,007,199,254,740,993", 9007199254740993),  # exact, not through a float
        ("12.5", None),
        ("0.1", None),
        ("", None),
        ("  ", None),
        (None, None),
        ("nan", None),
        ("inf", None),
        ("ten", None),
    ],
)
def test_parse_int(text, expected):
    assert apply(parse_int, [text]) == [expected]


# Regression: only one '.0' suffix used to be stripped, so Excel's 0.00 format ('12.00') was no whole number.
def test_parse_int_whole_number_with_two_zero_decimals():
    assert apply(parse_int, ["12.00", "1,200.00"]) == [12, 1200]


def test_parse_int_and_parse_number_dtypes():
    assert strings(["1"]).select(parse_int(pl.col("raw"))).dtypes == [pl.Int64]
    assert strings(["1"]).select(parse_number(pl.col("raw"))).dtypes == [pl.Float64]


NUMBERISH = st.text(alphabet="-+ 0123456789๐๑๒๓๔๕๖๗๘๙１٩,._eE\u00a0", min_size=1, max_size=12)


@LIGHT
@given(st.lists(st.one_of(st.text(), NUMBERISH, st.none()), min_size=1, max_size=60))
def test_property_numbers_never_raise_and_agree(texts):
    """Any text: no exception, never NaN; a whole number reads the same both ways; a year has four digits."""
    out = strings(texts).select(n=parse_number(pl.col("raw")), i=parse_int(pl.col("raw")), y=parse_year(pl.col("raw")))
    for n, i, y in out.iter_rows():
        if n is not None:
            assert n == n
        if i is not None:
            assert n == float(i)
        if y is not None:
            assert 0 <= y <= 9999


@LIGHT
@given(st.lists(st.integers(-(2**63) + 1, 2**63 - 1), min_size=1, max_size=60))
def test_property_integers_with_separators_round_trip(ns):
    texts = [f"{n:,}" for n in ns] + [to_thai(f"{n:,}") for n in ns] + [f" {n} " for n in ns]
    assert apply(parse_int, texts) == ns * 3
    assert apply(parse_number, texts) == [float(n) for n in ns * 3]


@LIGHT
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=60))
def test_property_floats_with_separators_round_trip(xs):
    """Python's shortest repr with thousands separators (1e+16 and 1e-05 included) reads back exactly."""
    texts = [f"{x:,}" for x in xs] + [to_thai(f"{x:,}") for x in xs]
    assert apply(parse_number, texts) == xs + xs
    whole = [int(x) if x.is_integer() and "e" not in f"{x}" else None for x in xs]
    assert apply(parse_int, texts) == whole + whole


# --------------------------------------------------------------------------- years, fiscal years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2565", 2022),
        ("๒๕๖๕", 2022),
        ("2019", 2019),
        ("2019.0", 2019),
        ("2565.00", 2022),
        (" 2565 ", 2022),
        ("2400", 1857),
        ("2399", 2399),
        ("60", None),
        ("19", None),
        ("20190", None),
        ("2019.5", None),
        ("abcd", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_year(text, expected):
    assert apply(parse_year, [text]) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60", 2017),
        ("00", 1957),
        ("99", 2056),
        ("65", 2022),
        ("2565", 2022),
        ("2400", 1857),
        ("2399", 2399),
        ("2019", 2019),
    ],
)
def test_ce_year(text, expected):
    assert apply(ce_year, [text]) == [expected]


def test_ce_year_every_two_digit_year_is_buddhist_era():
    texts = [f"{yy:02d}" for yy in range(100)]
    assert apply(ce_year, texts) == [2500 + yy - 543 for yy in range(100)]


@LIGHT
@given(st.lists(st.integers(2400, 9999), min_size=1), st.lists(st.integers(1000, 2399), min_size=1))
def test_property_ce_year_four_digits(be_years, ce_years):
    assert apply(ce_year, [str(y) for y in be_years + ce_years]) == [y - 543 for y in be_years] + ce_years


def test_fiscal_year_october_to_december_belong_to_the_next():
    rows = [(2022, m) for m in range(1, 13)] + [(2022, None), (None, 5)]
    df = pl.DataFrame(rows, schema={"y": pl.Int64, "m": pl.Int64}, orient="row")
    got = df.select(fiscal_year(pl.col("y"), pl.col("m")).alias("fy"))["fy"].to_list()
    assert got == [2022] * 9 + [2023] * 3 + [None, None]


@LIGHT
@given(st.lists(REAL_DAYS, min_size=1, max_size=50))
def test_property_fiscal_year_contains_the_day(days):
    """The fiscal year fy runs from 1 Oct fy-1 to 30 Sep fy."""
    df = pl.DataFrame({"y": [d.year for d in days], "m": [d.month for d in days]})
    fys = df.select(fiscal_year(pl.col("y"), pl.col("m")).alias("fy"))["fy"].to_list()
    for d, fy in zip(days, fys, strict=True):
        assert date(fy - 1, 10, 1) <= d <= date(fy, 9, 30)


# --------------------------------------------------------------------------- periods

WHOLE = (None, 1, 12, True)
BAD = (None, None, None, False)

PERIODS = [
    (None, WHOLE),
    ("", WHOLE),
    ("   ", WHOLE),
    ("FY", WHOLE),
    ("full", WHOLE),
    ("Year", WHOLE),
    ("ทั้งปี", WHOLE),
    ("01-12", WHOLE),
    ("1-12", WHOLE),
    ("1 - 12", WHOLE),
    ("Q1", ("Q1", 1, 3, True)),
    ("Q2", ("Q2", 4, 6, True)),
    ("Q3", ("Q3", 7, 9, True)),
    ("Q4", ("Q4", 10, 12, True)),
    ("q3", ("Q3", 7, 9, True)),
    (" Q 4 ", ("Q4", 10, 12, True)),
    ("H1", ("H1", 1, 6, True)),
    ("H2", ("H2", 7, 12, True)),
    ("h2", ("H2", 7, 12, True)),
    ("ไตรมาส 3", ("Q3", 7, 9, True)),
    ("ไตรมาส3", ("Q3", 7, 9, True)),
    ("ไตรมาสที่ 2", ("Q2", 4, 6, True)),
    ("ไตรมาส ๔", ("Q4", 10, 12, True)),
    ("ครึ่งปีแรก", ("H1", 1, 6, True)),
    ("ครึ่งปีหลัง", ("H2", 7, 12, True)),
    ("1-9", ("01-09", 1, 9, True)),
    ("01-09", ("01-09", 1, 9, True)),
    ("1 - 9", ("01-09", 1, 9, True)),
    ("1–9", ("01-09", 1, 9, True)),
    ("๑-๙", ("01-09", 1, 9, True)),
    ("03-03", ("03-03", 3, 3, True)),
    ("3-3", ("03-03", 3, 3, True)),
    ("10-12", ("10-12", 10, 12, True)),
    ("Q5", BAD),
    ("Q0", BAD),
    ("H3", BAD),
    ("13-15", BAD),
    ("9-1", BAD),
    ("0-3", BAD),
    ("3", BAD),
    ("1-9-10", BAD),
    ("Q1-Q2", BAD),
    ("first half", BAD),
]


@pytest.mark.parametrize(("text", "expected"), PERIODS, ids=[repr(t) for t, _ in PERIODS])
def test_parse_period(text, expected):
    assert periods_of([text]) == [expected]


def test_parse_period_every_month_range_in_one_frame():
    pairs = [(a, b) for a in range(0, 15) for b in range(0, 15)]
    got = periods_of([f"{a}-{b}" for a, b in pairs] + [f"{a:02d}-{b:02d}" for a, b in pairs])
    for (a, b), row in zip(pairs + pairs, got, strict=True):
        if (a, b) == (1, 12):
            assert row == WHOLE
        elif 1 <= a <= b <= 12:
            assert row == (f"{a:02d}-{b:02d}", a, b, True)
        else:
            assert row == BAD, (a, b)


PERIODISH = st.lists(
    st.sampled_from(["Q", "q", "H", "1", "2", "4", "5", "09", "12", "13", "-", "–", " ",
                     "ไตรมาส", "ที่", "๓", "ครึ่งปี", "แรก", "FY", "１", "٩"]),
    max_size=5,
).map("".join)  # fmt: skip
NAMED_PERIODS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12)}


@settings(PROPERTY, max_examples=50)  # parse_period is the slowest expression: fewer, larger batches
@given(st.lists(st.one_of(st.text(max_size=12), PERIODISH, st.none()), min_size=1, max_size=120))
def test_property_parse_period_never_raises_and_is_consistent(texts):
    for period, lo, hi, ok in periods_of(texts):
        assert ok == (lo is not None)
        if ok:
            assert 1 <= lo <= hi <= 12
            if period is None:
                assert (lo, hi) == (1, 12)  # null period = the whole year
            else:
                assert NAMED_PERIODS.get(period, (lo, hi)) == (lo, hi)
                assert period in NAMED_PERIODS or period == f"{lo:02d}-{hi:02d}"
                assert period != "01-12"  # the whole year is only ever a null period
        else:
            assert (period, lo, hi) == (None, None, None)


# Regression: '1–12' (en dash) used to become the part-year period '01-12', not the whole year.
@pytest.mark.parametrize("text", ["1–12", "01–12", "1 – 12"])
def test_parse_period_en_dash_whole_year(text):
    assert periods_of([text]) == [WHOLE]


# Regression: a range in full-width or Arabic-Indic digits used to make the strict cast raise.
@pytest.mark.parametrize("text", ["１-３", "١-٩", "Q４"])
def test_parse_period_never_raises_on_foreign_digits(text):
    assert periods_of([text, "Q1"])[1] == ("Q1", 1, 3, True)


# --------------------------------------------------------------------------- lists, choices


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AUTO; EE ;FOOD", ["AUTO", "EE", "FOOD"]),
        ("AUTO", ["AUTO"]),
        ("Toyota Motor Co., Ltd.; Honda", ["Toyota Motor Co., Ltd.", "Honda"]),
        ("a;;b;", ["a", "b"]),
        (" x ", ["x"]),
        (";;", []),
        ("ยานยนต์ ; อิเล็กทรอนิกส์", ["ยานยนต์", "อิเล็กทรอนิกส์"]),
    ],
)
def test_split_list(text, expected):
    assert apply(split_list, [text]) == [expected]


@pytest.mark.parametrize("text", ["", "  ", None])
def test_split_list_blank(text):
    assert apply(split_list, [text]) in ([None], [[]])


WORD = st.text(alphabet="AbcXyz019กขฮ,.&()-", min_size=1, max_size=8)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@settings(PROPERTY, max_examples=100)
@given(
    st.lists(
        st.tuples(st.lists(NAME, min_size=1, max_size=5), st.sampled_from([";", "; ", " ;", " ; ", ";  "])),
        min_size=1,
        max_size=30,
    )
)
def test_property_split_list_round_trips(rows):
    texts = [sep.join(names) for names, sep in rows]
    assert apply(split_list, texts) == [names for names, _ in rows]


AGREEMENT_TYPES = ("MOU", "LOI", "MOC", "AGREEMENT", "OTHER")
PURPOSES = ("business_matching", "site_visit", "trade_fair", "policy_dialogue", "other")


@pytest.mark.parametrize(
    ("text", "allowed", "aliases", "expected"),
    [
        ("MOU", AGREEMENT_TYPES, None, "MOU"),
        ("mou", AGREEMENT_TYPES, None, "MOU"),
        (" Mou ", AGREEMENT_TYPES, None, "MOU"),
        ("business matching", PURPOSES, None, "business_matching"),
        ("Business-Matching", PURPOSES, None, "business_matching"),
        ("BUSINESS_MATCHING", PURPOSES, None, "business_matching"),
        ("business   matching", PURPOSES, None, "business_matching"),
        ("Memorandum  of  Understanding", AGREEMENT_TYPES, {"memorandum of understanding": "MOU"}, "MOU"),
        ("บันทึกความเข้าใจ", AGREEMENT_TYPES, {"บันทึกความเข้าใจ": "MOU"}, "MOU"),
        ("Study Visit", PURPOSES, {"study visit": "site_visit"}, "site_visit"),
        ("treaty", AGREEMENT_TYPES, None, None),
        ("", AGREEMENT_TYPES, None, None),
        (None, AGREEMENT_TYPES, None, None),
    ],
)
def test_canonical_choice(text, allowed, aliases, expected):
    assert apply(canonical_choice, [text], allowed, aliases) == [expected]


def test_canonical_choice_every_allowed_value_matches_itself_in_any_case():
    for allowed in (PURPOSES, AGREEMENT_TYPES):
        texts, expected = [], []
        for v in allowed:
            texts += [v, v.upper(), v.lower(), v.replace("_", " "), f"  {v.title()}  "]
            expected += [v] * 5
        assert apply(canonical_choice, texts, allowed) == expected


# Regression: table keys kept their '-' while the input key turned it into '_', so a hyphenated
# alias (the sectors alias 's-curve') or allowed value could never match.
@pytest.mark.parametrize(
    ("text", "allowed", "aliases", "expected"),
    [
        ("S-curve", ("first_s_curve", "new_s_curve", "other"), {"s-curve": "first_s_curve"}, "first_s_curve"),
        ("co-op", ("co-op", "other"), None, "co-op"),
    ],
)
def test_canonical_choice_hyphenated_keys(text, allowed, aliases, expected):
    assert apply(canonical_choice, [text], allowed, aliases) == [expected]


# --------------------------------------------------------------------------- currencies, units, flags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("THB", "THB"),
        ("usd", "USD"),
        (" Jpy ", "JPY"),
        ("eur", "EUR"),
        ("Baht", "THB"),
        ("บาท", "THB"),
        ("฿", "THB"),
        ("US$", "USD"),
        ("$", "USD"),
        ("dollar", "USD"),
        ("ดอลลาร์", "USD"),
        ("ดอลลาร์สหรัฐ", "USD"),
        ("yen", "JPY"),
        ("YEN", "JPY"),
        ("เยน", "JPY"),
        ("¥", "JPY"),
        ("円", "JPY"),
        ("yuan", "CNY"),
        ("rmb", "CNY"),
        ("RMB", "CNY"),
        ("หยวน", "CNY"),
        ("", None),
        (None, None),
        ("abcd", None),
        ("us", None),
        ("123", None),
        ("ดอง", None),
    ],
)
def test_parse_currency(text, expected):
    assert apply(parse_currency, [text]) == [expected]


@LIGHT
@given(st.lists(st.text(alphabet=string.ascii_letters, min_size=3, max_size=3), min_size=1, max_size=30))
def test_property_any_three_letter_code_is_upper_cased(codes):
    names = {"yen": "JPY", "rmb": "CNY"}
    assert apply(parse_currency, codes) == [names.get(c.lower(), c.upper()) for c in codes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "1"),
        (None, "1"),
        ("  ", "1"),
        ("1", "1"),
        ("one", "1"),
        ("units", "1"),
        ("Baht", "1"),
        ("thousand", "thousand"),
        ("Thousand", "thousand"),
        ("K", "thousand"),
        ("000", "thousand"),
        ("พัน", "thousand"),
        ("million", "million"),
        ("Million", "million"),
        ("M", "million"),
        ("mn", "million"),
        ("mil", "million"),
        ("millions", "million"),
        ("ล้าน", "million"),
        ("billion", "billion"),
        ("bn", "billion"),
        ("B", "billion"),
        ("billions", "billion"),
        ("พันล้าน", "billion"),
        ("lakh", None),
        ("1000", None),
        ("x", None),
    ],
)
def test_parse_unit(text, expected):
    assert apply(parse_unit, [text]) == [expected]


def test_parse_unit_results_all_have_a_multiplier():
    texts = ["", "k", "m", "b", "พันล้าน", "billions", "one", "thousand"]
    assert all(u in UNIT_MULTIPLIER for u in apply(parse_unit, texts))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *[(t, True) for t in ["true", "TRUE", "True", "t", "yes", "YES", " Yes ", "y", "1", "ใช่", "synthetic"]],
        *[(t, False) for t in ["false", "FALSE", "f", "no", "No", "n", "0", "ไม่ใช่", "", "  ", None]],
        *[(t, None) for t in ["maybe", "2", "yes please", "-1", "ok"]],
    ],
)
def test_parse_bool(text, expected):
    assert apply(parse_bool, [text]) == [expected]


# --------------------------------------------------------------------------- text helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  a   b ", "a b"),
        ("\u00a0a\u200bb\u00a0", "a b"),
        ("a\t\nb", "a b"),
        ("ก  ข", "ก ข"),
        ("abc", "abc"),
        ("", None),
        ("   ", None),
        ("\t\n", None),
        ("\u200b", None),
        (None, None),
    ],
)
def test_clean_text(text, expected):
    assert apply(clean_text, [text]) == [expected]


# Python's str.split() also splits on the ASCII separators \x1c-\x1f, which are not
# Unicode White_Space (what the regex \s and strip_chars use); leave them out.
TEXT_FOR_SPACES = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x1c\x1d\x1e\x1f"))


@PROPERTY
@given(st.lists(TEXT_FOR_SPACES, min_size=1, max_size=30))
def test_property_clean_text_is_trimmed_folded_and_idempotent(texts):
    once = apply(clean_text, texts)
    assert apply(clean_text, once) == once
    for raw, out in zip(texts, once, strict=True):
        if out is None:
            assert raw.replace("\u200b", " ").strip() == ""
        else:
            assert out == out.strip() and "  " not in out and "\u00a0" not in out and "\u200b" not in out
            assert out.replace(" ", "") == "".join(raw.replace("\u200b", " ").split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [(" Foo  BAR ", "foo bar"), ("Yokohama City", "yokohama city"), ("横浜市", "横浜市"), ("", None), (None, None)],
)
def test_lookup_key(text, expected):
    assert apply(lookup_key, [text]) == [expected]


@LIGHT
@given(st.lists(st.text(alphabet=string.ascii_letters + string.digits + " ", max_size=20), min_size=1, max_size=30))
def test_property_lookup_key_is_case_and_space_blind(texts):
    variants = [t.upper() for t in texts] + [f"  {t.lower().replace(' ', '   ')} " for t in texts]
    assert apply(lookup_key, variants) == apply(lookup_key, texts) * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("๐๑๒๓๔๕๖๗๘๙", "0123456789"), ("๒๕๖๕", "2565"), ("ก๑ข", "ก1ข"), ("abc 12", "abc 12"), ("", ""), (None, None)],
)
def test_thai_digits(text, expected):
    assert apply(thai_digits, [text]) == [expected]


@LIGHT
@given(st.lists(st.text(), min_size=1, max_size=30))
def test_property_thai_digits_changes_only_the_digits(texts):
    ascii_digits_only = ["".join(c for c in t if c not in "๐๑๒๓๔๕๖๗๘๙") for t in texts]
    assert apply(thai_digits, [to_thai(t) for t in ascii_digits_only]) == ascii_digits_only
    assert apply(thai_digits, texts) == [t.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")) for t in texts]
