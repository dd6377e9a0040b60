"""One registry of the raw-data contract: dataset -> file prefix, columns, keys.

Every other step reads this table: the extractor maps headers (English names or
Thai aliases) to the canonical names here, the staging modules validate the
columns declared here, and the docs quote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXTENSIONS = (".csv", ".xlsx", ".parquet")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()  # header spellings analysts use (Thai, variants)
    doc: str = ""
    kind: str = "text"  # what a value is: text, date (day, month or year; BE or CE), number, or list (`;`-list)
    vocabulary: str | None = None  # the ENUMS entry whose words it takes


@dataclass(frozen=True)
class Shown:
    """A column a records grid, a drill-down and a data file show: the record's column (or the stem of a date's
    columns), the header's string key in dashboard/i18n, and its kind, which says how it is shown (the
    KINDS table in dashboard/drill.py reads each kind once for the grids and the data files):
    date:<stem>, enum:<ENUMS entry>, partner, thai_party, title, sector, sectors, province, city, year, period,
    int, number, link, text, words, moment."""

    column: str
    header: str
    kind: str = "text"


@dataclass(frozen=True)
class Dataset:
    name: str
    key: tuple[str, ...]  # what identifies a row (duplicates / conflicts)
    columns: tuple[Column, ...]
    reference: bool = False  # reference tables are loaded before the facts
    optional: bool = False  # a build without any file of it is still usable
    doc: str = ""
    extra: dict = field(default_factory=dict)
    # Optional columns a file may add that say where a record came from, not what it says (ENTRY): read and
    # kept beside the record, never compared as its content.
    provenance: tuple[Column, ...] = ()
    # Where it lives in the warehouse, and which ETL module stages it (named here, resolved by etl/staging: the
    # contract imports neither half).
    table: str = ""  # the table its rows load into
    staging: str = ""  # its module in etl/staging
    renames: dict[str, str] = field(default_factory=dict)  # raw column -> the table's name for it
    view: str | None = None  # the friendly view (or summary table) over it, whose columns take its table's comments
    # What the dashboard shows of it.
    shown: tuple[Shown, ...] = ()  # the columns of its records grids, drill-downs and data files, in order
    panel_first: tuple[str, ...] = ()  # the shown columns a drill-down panel lists first, in that order
    counted: bool = False  # the server's /health answer gives its row count
    extracted: bool = False  # the press-release extractor proposes records of it (the steward's screen)
    id_prefix: str = ""  # the start of a record id the steward's screen gives a new record
    registered: bool = True  # when a source register is given, its every source_url must be in it

    @property
    def prefix(self) -> str:
        return self.name

    @property
    def lineage(self) -> bool:
        """Facts keep the file and row they came from (source_file, source_row); reference tables do not."""
        return not self.reference

    @property
    def record_id(self) -> str:
        """The column that names one record (the first of its key)."""
        return self.key[0]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def names(self) -> list[str]:
        """The record's own columns (what two copies of a record are compared on)."""
        return [c.name for c in self.columns]

    @property
    def read_names(self) -> list[str]:
        """Every column a file of the dataset may hold: the record's, then its provenance's."""
        return [*self.names, *(c.name for c in self.provenance)]

    def header_map(self) -> dict[str, str]:
        """Normalised header spelling -> canonical column name."""
        out: dict[str, str] = {}
        for c in (*self.columns, *self.provenance):
            for spelling in (c.name, *c.aliases):
                out[normalise_header(spelling)] = c.name
        return out


def normalise_header(h: str) -> str:
    return " ".join(str(h).replace("\ufeff", "").strip().lower().replace("_", " ").split())


C = Column
SYNTHETIC = C("synthetic", aliases=("is_synthetic", "ข้อมูลสังเคราะห์"), doc="true for generated records")
SOURCE = C("source_url", aliases=("source", "url", "แหล่งที่มา", "ที่มา"), doc="where the fact is stated")
NOTES = C("notes", aliases=("note", "หมายเหตุ"))
# Who entered a record on the data steward's screen, when, and the words it came from: optional on every
# dataset a steward enters (a file without them loads with NULLs); not part of a record's content, so two
# copies of a record that differ only here are one record (the first copy's are kept). Declared as each
# dataset's `provenance`, apart from the record's own columns (those the generator writes and the steward's
# form asks for).
ENTRY = (
    C("entered_by", aliases=("ผู้บันทึก",), doc="who entered the record on the data steward's screen (user name)"),
    C(
        "entered_at",
        aliases=("บันทึกเมื่อ", "วันเวลาที่บันทึก"),
        doc="when it was entered: an ISO 8601 timestamp (2026-12-03T23:31:22Z); no offset means UTC",
    ),
    C(
        "source_text",
        aliases=("ข้อความต้นทาง", "ถ้อยคำจากแหล่งที่มา"),
        doc="the words of the source the record came from, as the steward's screen took them from the text",
    ),
)

# How the grids and data files show a record entered on the steward's screen: who, when (UTC), and its words.
ENTRY_SHOWN = (
    Shown("entered_by", "col.entered_by", "text"),
    Shown("entered_at", "col.entered_at", "moment"),
    Shown("source_text", "col.source_text", "words"),
)
S = Shown

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "sources",
            key=("source_url",),
            table="dim_source",
            staging="source_register",
            registered=False,
            reference=True,
            optional=True,
            doc="The source register: one row per page or document a record cites (when given, every "
            "record's source_url must be in it)",
            columns=(
                C("source_url", True, ("url", "source", "แหล่งที่มา")),
                C("publisher", True, ("ผู้เผยแพร่",), doc="who publishes the page (newspaper, ministry, embassy)"),
                C("title", aliases=("ชื่อเรื่อง",), doc="the page's own title, in its own language"),
                C("published", aliases=("date", "วันที่เผยแพร่"), doc="publication date: day, month or year"),
                C("language", aliases=("ภาษา",), doc="ISO 639-1 code of the page's language: en, th, ja, zh, ko"),
                C("kind", True, ("ประเภท",), doc="see ENUMS['source_kind']"),
                NOTES,
            ),
        ),
        Dataset(
            "thai_parties",
            key=("name_en",),
            table="dim_thai_party",
            staging="thai_parties",
            reference=True,
            optional=True,
            doc="Thai names of the Thai-side bodies (thai_party of agreements and stated totals), each cited",
            columns=(
                C("name_en", True, ("thai_party", "ชื่อภาษาอังกฤษ"), doc="the thai_party spelling of agreements"),
                C("name_th", True, ("ชื่อภาษาไทย", "ชื่อไทย")),
                C("abbreviation", aliases=("abbr", "ชื่อย่อ")),
                C("aliases", aliases=("ชื่ออื่น",), doc="`;`-list of other English spellings"),
                C("source_url", True, ("source", "url", "แหล่งที่มา"), doc="where the Thai name is stated"),
            ),
        ),
        Dataset(
            "partners",
            key=("partner_id",),
            table="dim_partner",
            staging="partners",
            renames={"country": "country_code"},
            counted=True,
            reference=True,
            doc="Partner organisations and countries",
            columns=(
                C("partner_id", True, ("id", "รหัสคู่ความร่วมมือ")),
                C("name_en", True, ("name", "ชื่อภาษาอังกฤษ")),
                C("name_th", aliases=("ชื่อภาษาไทย", "ชื่อไทย")),
                C("name_local", aliases=("local_name", "ชื่อท้องถิ่น")),
                C("country", True, ("ประเทศ", "country_code")),
                C("level", True, ("ระดับ", "partner_level"), vocabulary="level"),
                C("subdivision", aliases=("iso_3166_2", "เขตการปกครอง")),
                C("parent_id", aliases=("parent", "สังกัด")),
                C("aliases", aliases=("ชื่ออื่น",)),
                SOURCE,
                SYNTHETIC,
            ),
            provenance=ENTRY,
        ),
        Dataset(
            "sectors",
            key=("sector_code",),
            table="dim_sector",
            staging="sectors",
            counted=True,
            registered=False,
            reference=True,
            doc="Industry sectors (Thailand's S-curve targets and others)",
            columns=(
                C("sector_code", True, ("code", "รหัสสาขา")),
                C("name_en", True, ("name", "ชื่อภาษาอังกฤษ")),
                C("name_th", True, ("ชื่อภาษาไทย", "ชื่อไทย")),
                C("group", aliases=("sector_group", "กลุ่ม")),
                C("parent_code", aliases=("parent", "สาขาหลัก")),
                C("aliases", aliases=("ชื่ออื่น",)),
                SYNTHETIC,
            ),
        ),
        Dataset(
            "fx_rates",
            key=("year", "currency"),
            table="fx_rate",
            staging="fx_rates",
            registered=False,
            reference=True,
            doc="Exchange rates: baht per unit of a currency, by year",
            columns=(
                C("year", True, ("ปี",)),
                C("currency", True, ("สกุลเงิน",)),
                C("thb_per_unit", True, ("rate", "อัตราแลกเปลี่ยน")),
                SOURCE,
                SYNTHETIC,
            ),
        ),
        Dataset(
            "agreements",
            key=("agreement_id",),
            table="fact_agreement",
            staging="agreements",
            view="agreements",
            counted=True,
            extracted=True,
            id_prefix="AGR-",
            shown=(
                S("date", "col.date", "date:signed"),
                S("agreement_type", "col.type", "enum:agreement_type"),
                S("partner", "col.partner", "partner"),
                S("level", "col.level", "enum:level"),
                S("thai_party", "col.thai_party", "thai_party"),
                S("status", "col.status", "enum:status"),
                S("title", "col.title", "title"),
                S("sectors", "col.sectors", "sectors"),
                S("source_url", "col.source", "link"),
                *ENTRY_SHOWN,
            ),
            panel_first=("source_url", "date", "partner", "agreement_type", "title", "thai_party", "status"),
            doc="Agreements signed with partners (MOU, LOI, MOC, ...)",
            columns=(
                C("agreement_id", True, ("id", "รหัสข้อตกลง")),
                C("signed_date", True, ("date", "date_signed", "วันที่ลงนาม"), kind="date"),
                C("agreement_type", True, ("type", "ประเภท", "ประเภทข้อตกลง"), vocabulary="agreement_type"),
                C("thai_party", True, ("หน่วยงานไทย", "ฝ่ายไทย"), kind="list"),
                C("partner", True, ("คู่ความร่วมมือ", "หน่วยงานคู่สัญญา")),
                C("sectors", aliases=("sector", "สาขา", "สาขาอุตสาหกรรม"), kind="list"),
                C("title_en", aliases=("title", "ชื่อภาษาอังกฤษ")),
                C("title_th", aliases=("ชื่อเรื่อง", "ชื่อข้อตกลง")),
                C("status", aliases=("สถานะ",), vocabulary="status"),
                C("expiry_date", aliases=("วันหมดอายุ",), kind="date"),
                SOURCE,
                NOTES,
                SYNTHETIC,
            ),
            provenance=ENTRY,
        ),
        Dataset(
            "delegations",
            key=("delegation_id",),
            table="fact_delegation",
            staging="delegations",
            view="delegations",
            counted=True,
            extracted=True,
            id_prefix="DEL-",
            shown=(
                S("date", "col.date", "date:start"),
                S("direction", "col.direction", "enum:direction"),
                S("purpose", "col.purpose", "enum:purpose"),
                S("partner", "col.partner", "partner"),
                S("city", "col.city", "city"),
                S("lead_name", "col.lead", "text"),
                S("event", "col.event", "text"),
                S("status", "col.status", "enum:delegation_status"),
                S("participants", "col.participants", "int"),
                S("participants_qualifier", "col.participants_qualifier", "enum:qualifier"),
                S("companies", "col.companies", "int"),
                S("companies_qualifier", "col.companies_qualifier", "enum:qualifier"),
                S("source_url", "col.source", "link"),
                *ENTRY_SHOWN,
            ),
            panel_first=("source_url", "date", "partner", "event", "direction", "status", "purpose", "participants"),
            doc="Delegations, missions and events, both directions",
            columns=(
                C("delegation_id", True, ("id", "รหัสคณะ")),
                C("start_date", True, ("date", "วันที่เริ่ม", "วันเริ่มต้น"), kind="date"),
                C("end_date", aliases=("วันที่สิ้นสุด", "วันสิ้นสุด"), kind="date"),
                C("direction", True, ("ทิศทาง",), vocabulary="direction"),
                C("partner", True, ("คู่ความร่วมมือ",)),
                C("city", aliases=("เมือง", "สถานที่")),
                C("lead_name", aliases=("หัวหน้าคณะ",)),
                C("lead_title", aliases=("ตำแหน่งหัวหน้าคณะ",)),
                C("participants", aliases=("ผู้เข้าร่วม", "จำนวนผู้เข้าร่วม"), kind="number"),
                C("companies", aliases=("บริษัท", "จำนวนบริษัท"), kind="number"),
                C("purpose", aliases=("วัตถุประสงค์",), vocabulary="purpose"),
                C("sectors", aliases=("sector", "สาขา", "สาขาอุตสาหกรรม"), kind="list"),
                C("event", aliases=("งาน", "กิจกรรม")),
                C(
                    "status",
                    aliases=("สถานะ",),
                    doc="held, planned or cancelled; blank = not recorded",
                    vocabulary="delegation_status",
                ),
                C(
                    "participants_qualifier",
                    aliases=("ผู้เข้าร่วม (ความแม่นยำ)",),
                    doc="exact, approx or at_least: how the source gives participants; blank = exact",
                    vocabulary="qualifier",
                ),
                C(
                    "companies_qualifier",
                    aliases=("บริษัท (ความแม่นยำ)",),
                    doc="exact, approx or at_least: how the source gives companies; blank = exact",
                    vocabulary="qualifier",
                ),
                SOURCE,
                NOTES,
                SYNTHETIC,
            ),
            provenance=ENTRY,
        ),
        Dataset(
            "investments",
            key=("record_id",),
            table="fact_investment",
            staging="investments",
            view="investments",
            counted=True,
            extracted=True,
            id_prefix="INV-",
            shown=(
                S("year", "col.year", "year"),
                S("period", "col.period", "period"),
                S("stage", "col.stage", "enum:stage"),
                S("partner", "col.partner", "partner"),
                S("sector", "col.sectors", "sector"),
                S("projects", "col.count", "int"),
                S("count_unit", "col.count_unit", "enum:count_unit"),
                S("projects_qualifier", "col.count_qualifier", "enum:qualifier"),
                S("value_thb_million", "col.value_thb_million", "number"),
                S("value_qualifier", "col.value_qualifier", "enum:qualifier"),
                S("coverage", "col.coverage", "enum:coverage"),
                S("province", "col.province", "province"),
                S("source_url", "col.source", "link"),
                *ENTRY_SHOWN,
            ),
            panel_first=(
                "source_url",
                "year",
                "partner",
                "value_thb_million",
                "value_qualifier",
                "period",
                "projects",
                "count_unit",
                "projects_qualifier",
            ),
            doc="Investment statistics by year, partner, sector and stage",
            columns=(
                C("record_id", True, ("id", "รหัส")),
                C("year", True, ("ปี",), kind="number"),
                C("partner", True, ("ประเทศ/หน่วยงาน", "คู่ความร่วมมือ")),
                C("sector", aliases=("สาขา",)),
                C("period", aliases=("ช่วงเวลา", "งวด")),
                C(
                    "stage",
                    True,
                    ("measure", "ขั้นตอน", "ตัวชี้วัด"),
                    doc="what the figure measures: see ENUMS['stage'] and dim_stage",
                    vocabulary="stage",
                ),
                C("projects", aliases=("จำนวนโครงการ", "โครงการ", "count"), kind="number"),
                C(
                    "count_unit",
                    aliases=("counted", "หน่วยนับ"),
                    doc="what `projects` counts: projects, permits, investors, companies or registrations; "
                    "blank = the stage's own (projects; permits for fba_permit; registrations for "
                    "business_registration)",
                    vocabulary="count_unit",
                ),
                C(
                    "projects_qualifier",
                    aliases=("count_qualifier", "จำนวน (ความแม่นยำ)"),
                    doc="exact, approx or at_least: how the source gives the count; blank = exact",
                    vocabulary="qualifier",
                ),
                C("value", aliases=("มูลค่า", "เงินลงทุน"), kind="number"),
                C(
                    "value_qualifier",
                    aliases=("มูลค่า (ความแม่นยำ)",),
                    doc="exact, approx or at_least: how the source gives the value; blank = exact",
                    vocabulary="qualifier",
                ),
                C("currency", aliases=("สกุลเงิน",)),
                C("unit", aliases=("หน่วย",), vocabulary="unit"),
                C("province", aliases=("จังหวัด",)),
                C("jobs", aliases=("การจ้างงาน", "จำนวนการจ้างงาน"), kind="number"),
                C(
                    "coverage",
                    aliases=("ความครอบคลุม",),
                    doc="complete, or named_only when the figure counts only the projects or companies the "
                    "source names, not the whole of its partner, sector and period; blank = complete",
                    vocabulary="coverage",
                ),
                SOURCE,
                NOTES,
                SYNTHETIC,
            ),
            provenance=ENTRY,
        ),
        Dataset(
            "stated_totals",
            key=("total_id",),
            table="stated_total",
            staging="stated_totals",
            view="stated_total_coverage",
            extracted=True,
            id_prefix="ST-",
            optional=True,
            doc="Counts a source states only in aggregate (e.g. 22 documents with 21 Japanese local "
            "governments, July 2022), compared with what the warehouse records",
            columns=(
                C("total_id", True, ("id", "รหัส")),
                C(
                    "as_of",
                    True,
                    ("date", "ณ วันที่"),
                    doc="the date the count refers to (day, month or year)",
                    kind="date",
                ),
                C("stated_by", True, ("ผู้ให้ข้อมูล", "แหล่ง"), doc="who states the count, e.g. DIPROM"),
                C(
                    "partner",
                    True,
                    ("คู่ความร่วมมือ",),
                    doc="whose counterparts are counted: a country or partner (its children included)",
                ),
                C(
                    "partner_level",
                    aliases=("level", "ระดับ"),
                    doc="`;`-list of partner levels counted (local_government, ...); blank = every level",
                    kind="list",
                    vocabulary="level",
                ),
                C(
                    "thai_party",
                    aliases=("หน่วยงานไทย", "ฝ่ายไทย"),
                    doc="`;`-list of Thai parties whose agreements are counted, spelled as in agreements; "
                    "blank = any Thai party",
                    kind="list",
                ),
                C(
                    "counts",
                    True,
                    ("what", "สิ่งที่นับ"),
                    doc="what is counted: agreements, partners, delegations, companies or projects",
                    vocabulary="counts",
                ),
                C("value", True, ("จำนวน", "number"), doc="the number stated", kind="number"),
                C(
                    "qualifier",
                    aliases=("ความแม่นยำ",),
                    doc="exact, approx or at_least; blank = exact",
                    vocabulary="qualifier",
                ),
                C(
                    "period_from",
                    aliases=("since", "ตั้งแต่"),
                    doc="first date the count covers; blank = from the beginning",
                    kind="date",
                ),
                C("text_en", aliases=("text", "ข้อความภาษาอังกฤษ")),
                C("text_th", aliases=("ข้อความ",)),
                SOURCE,
                NOTES,
                SYNTHETIC,
            ),
            provenance=ENTRY,
        ),
        Dataset(
            "notes",
            key=("note_id",),
            table="source_note",
            staging="notes",
            optional=True,
            doc="Facts a source states only as a count or summary (shown on the Data page)",
            columns=(
                C("note_id", True, ("id",)),
                C("as_of", aliases=("date", "ณ วันที่"), kind="date"),
                C("partner", aliases=("คู่ความร่วมมือ",)),
                C("text_en", True, ("text", "ข้อความภาษาอังกฤษ")),
                C("text_th", aliases=("ข้อความ",)),
                SOURCE,
            ),
        ),
    )
}

# Order of the build: the order of declaration above, reference tables first, then the facts that point at them.
BUILD_ORDER = tuple(DATASETS)

# Datasets whose every source_url must be in the source register, when one is given.
REGISTERED = tuple(name for name, d in DATASETS.items() if d.registered)

ENUMS = {
    "level": (
        "national_government",
        "local_government",
        "agency",
        "business_association",
        "company",
        "university",
        "aggregate",
        "other",
    ),
    "agreement_type": ("MOU", "LOI", "MOC", "AGREEMENT", "OTHER"),
    "status": ("active", "expired", "terminated", "planned"),
    "direction": ("outbound", "inbound"),
    "purpose": (
        "business_matching",
        "site_visit",
        "trade_fair",
        "policy_dialogue",
        "training",
        "investment_promotion",
        "signing",
        "other",
    ),
    # What an investment figure measures. BOI's stages (application, approval, certificate), actual
    # foreign direct investment flows (Bank of Thailand), permits under the Foreign Business Act and
    # business registrations (Department of Business Development); other only with a note saying what.
    "stage": (
        "application",
        "approval",
        "certificate",
        "fdi_flow",
        "fba_permit",
        "business_registration",
        "other",
    ),
    "count_unit": ("projects", "permits", "investors", "companies", "registrations"),
    "qualifier": ("exact", "approx", "at_least"),
    "coverage": ("complete", "named_only"),
    "delegation_status": ("held", "planned", "cancelled"),
    "counts": ("agreements", "partners", "delegations", "companies", "projects"),
    "unit": ("1", "thousand", "million", "billion"),
    "sector_group": ("first_s_curve", "new_s_curve", "other"),
    "source_kind": (
        "news",
        "government",
        "boi",
        "embassy",
        "company",
        "statistics",
        "association",
        "academic",
        "forum",
        "other",
    ),
}
# What `projects` counts when count_unit is blank, by stage.
COUNT_UNIT_OF_STAGE = {"fba_permit": "permits", "business_registration": "registrations"}
