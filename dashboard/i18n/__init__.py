"""Thai and English for the dashboard: strings (`strings.py`) and number, year and date formats (`fmt.py`).

    from dashboard.i18n import t, label, fmt_int, fmt_date
    t("chart.agreements_by_year", "th")       # "มีการลงนามความตกลงกี่ฉบับในแต่ละปี"
    t("notice.data_as_of", "en", date="14 Jul 2022")
    label("stage", "certificate", "th")       # "ออกบัตรส่งเสริม"

Strict mode (unknown keys raise KeyError) is on under pytest; set
`dashboard.i18n.fmt.STRICT` to force it on or off.
"""

from dashboard.i18n.fmt import (
    BE_OFFSET,
    ERAS,
    FONT_FAMILY,
    LANGS,
    NO_VALUE,
    fiscal_year_ce,
    fmt_date,
    fmt_datetime,
    fmt_fiscal_year,
    fmt_int,
    fmt_number,
    fmt_period,
    fmt_thb_million,
    fmt_year,
    label,
    month_name,
    options,
    parse_year,
    plotly_locale,
    t,
    to_thai_digits,
    year_label,
)
from dashboard.i18n.strings import ENUMS, MONTHS, STRINGS
from dashboard.i18n.widgets import dropdown_labels, graph_locale, grid_locale

__all__ = [
    "BE_OFFSET",
    "ENUMS",
    "ERAS",
    "FONT_FAMILY",
    "LANGS",
    "MONTHS",
    "NO_VALUE",
    "STRINGS",
    "dropdown_labels",
    "fiscal_year_ce",
    "fmt_date",
    "fmt_datetime",
    "fmt_fiscal_year",
    "fmt_int",
    "fmt_number",
    "fmt_period",
    "fmt_thb_million",
    "fmt_year",
    "graph_locale",
    "grid_locale",
    "label",
    "month_name",
    "options",
    "parse_year",
    "plotly_locale",
    "t",
    "to_thai_digits",
    "year_label",
]
