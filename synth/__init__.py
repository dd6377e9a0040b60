"""Synthetic raw files of the data contract (SPEC section 3), at any size.

`write_synthetic(out_dir, rows, seed)` writes the files `python -m synth`
promises: the reference tables (partners, sectors, fx_rates) and the facts
(agreements, delegations, investments, stated_totals, notes), deterministic for
a seed, every record marked synthetic.

A development package for tests, benchmarks and demonstrations: it is not shipped
(pyproject's packages.find takes contract, etl and dashboard only) and nothing in
`etl` or `dashboard` imports it. The code is in `synth.generate`, its tables in
`synth.tables`.

What is real and what is made up:
- real: Japan's 47 prefectures (ISO 3166-2:JP codes, names in English, Japanese
  and Thai), a few of its cities, agencies and business federations, country
  rows, the Thai target-industry codes, Thai provinces (from
  `etl/reference/provinces.csv`);
- made up: companies and universities ("Synthetic Precision Co. 017"), the four
  aggregate partners (all foreign investors; all investors, Thai and foreign,
  which contains it; ASEAN and EU investors, which overlap it), the sub-sectors
  (EV under AUTO, SEMI under EE, MEDDEV under MED), every agreement, delegation,
  investment figure and stated total, and the exchange rates.

Investment figures are built to exercise the counting rules of the warehouse
(etl/models/06_counting.sql), not only the loader:
- every stage of the contract (BOI applications, approvals and certificates,
  FDI flows, Foreign Business Act permits, business registrations, and a few
  `other` figures whose notes say what they measure); fba_permit counts in
  permits or in investors (`count_unit`), qualifiers (`approx`, `at_least`) on a
  few per cent of values and counts, and about 1% `named_only` coverage;
- every grain: partner totals (all sectors, no province), sector breakdowns,
  province breakdowns (EEC and elsewhere) and company projects;
- figures that belong together: about a third of the rows restate another
  row's scope with one thing changed (another period of the same year, the
  partner's parent or child or an aggregate holding it, a parent sector or a
  sub-sector, another province, another stage), so a file holds country totals
  beside the figures of their prefectures, cities, agencies and companies,
  aggregates beside their members, sectors beside sub-sectors, and Q1, H1 and
  01-09 beside the whole year;
- a scope (stage, year, months, partner, sector, province) is stated once,
  except deliberate repeats (about 0.2%: the same figure stated again by a
  second source, its notes say which); figures drawn into a taken scope are
  drawn again, so at millions of rows the figures spread over more partners,
  sectors, provinces and periods;
- the first rows (`SHOWCASE`) hold each of these cases, so even a file of a few
  hundred rows has them all.

Delegations carry a status (mostly held; planned for recent and coming ones,
some of them after the last day of the data; a few cancelled; some blank) and
qualified counts; stated_totals.csv holds a dozen counts of agreements,
partners, delegations, companies and projects as a source might state them,
in the ballpark of the records but not computed from them.

The files are meant to exercise the ETL the way analysts' files do: a few per
cent of cells are written in the messy forms of `MESSY_FORMS`, and a few rows
per fact dataset are deliberately bad (`BAD_KINDS`). Each bad row says so in its
`notes` (`REJECT_NOTE`) or, when the fault is a missing note, in its id
(`REJECT_ID`); each exact duplicate says so too (`DUPLICATE_NOTE`), so a test
can check the ETL's verdict row by row.

Investments are built column-wise with numpy and Polars: first the scopes of
all rows (drawn, restated, drawn again where taken: `_investment_scopes`, while
the other files are written), then the rows in chunks of `CHUNK_ROWS`; Python
loops run only over the few special rows.
"""

from synth.generate import REFERENCE_DIR, expected_rows, write_synthetic
from synth.tables import (
    BAD_KINDS,
    COUNT_UNIT_SPELLINGS,
    COVERAGE_SPELLINGS,
    DATE_FORMS,
    DELEGATION_TH_HEADERS,
    DUPLICATE_NOTE,
    IMPOSSIBLE_DATES,
    MESSY_FORMS,
    PERIOD_SPELLINGS,
    QUALIFIER_SPELLINGS,
    REJECT_ID,
    REJECT_NOTE,
    RESTATED_NOTE,
    SHOWCASE,
    STAGE_SPELLINGS,
    STATED_TOTALS,
    STATUS_SPELLINGS,
    THAI_PARTIES,
    UNKNOWN_PARTNERS,
    UNKNOWN_QUALIFIERS,
    UNKNOWN_SECTORS,
)

__all__ = [
    "BAD_KINDS",
    "COUNT_UNIT_SPELLINGS",
    "COVERAGE_SPELLINGS",
    "DATE_FORMS",
    "DELEGATION_TH_HEADERS",
    "DUPLICATE_NOTE",
    "IMPOSSIBLE_DATES",
    "MESSY_FORMS",
    "PERIOD_SPELLINGS",
    "QUALIFIER_SPELLINGS",
    "REFERENCE_DIR",
    "REJECT_ID",
    "REJECT_NOTE",
    "RESTATED_NOTE",
    "SHOWCASE",
    "STAGE_SPELLINGS",
    "STATED_TOTALS",
    "STATUS_SPELLINGS",
    "THAI_PARTIES",
    "UNKNOWN_PARTNERS",
    "UNKNOWN_QUALIFIERS",
    "UNKNOWN_SECTORS",
    "expected_rows",
    "write_synthetic",
]
