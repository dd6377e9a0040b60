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

    @property
    def prefix(self) -> str:
        return self.name

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

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "sources",
            key=("source_url",),
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
            reference=True,
            doc="Partner organisations and countries",
            columns=(
                C("partner_id", True, ("id", "รหัสคู่ความร่วมมือ")),
                C("name_en", True, ("name", "ชื่อภาษาอังกฤษ")),
                C("name_th", aliases=("ชื่อภาษาไทย", "ชื่อไทย")),
                C("name_local", aliases=("local_name", "ชื่อท้องถิ่น")),
                C("country", True, ("ประเทศ", "country_code")),
                C("level", True, ("ระดับ", "partner_level")),
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
            doc="Agreements signed with partners (MOU, LOI, MOC, ...)",
            columns=(
                C("agreement_id", True, ("id", "รหัสข้อตกลง")),
                C("signed_date", True, ("date", "date_signed", "วันที่ลงนาม")),
                C("agreement_type", True, ("type", "ประเภท", "ประเภทข้อตกลง")),
                C("thai_party", True, ("หน่วยงานไทย", "ฝ่ายไทย")),
                C("partner", True, ("คู่ความร่วมมือ", "หน่วยงานคู่สัญญา")),
                C("sectors", aliases=("sector", "สาขา", "สาขาอุตสาหกรรม")),
                C("title_en", aliases=("title", "ชื่อภาษาอังกฤษ")),
                C("title_th", aliases=("ชื่อเรื่อง", "ชื่อข้อตกลง")),
                C("status", aliases=("สถานะ",)),
                C("expiry_date", aliases=("วันหมดอายุ",)),
                SOURCE,
                NOTES,
                SYNTHETIC,
            ),
            provenance=ENTRY,
        ),
        Dataset(
            "delegations",
            key=("delegation_id",),
            doc="Delegations, missions and events, both directions",
            columns=(
                C("delegation_id", True, ("id", "รหัสคณะ")),
                C("start_date", True, ("date", "วันที่เริ่ม", "วันเริ่มต้น")),
                C("end_date", aliases=("วันที่สิ้นสุด", "วันสิ้นสุด")),
                C("direction", True, ("ทิศทาง",)),
                C("partner", True, ("คู่ความร่วมมือ",)),
                C("city", aliases=("เมือง", "สถานที่")),
                C("lead_name", aliases=("หัวหน้าคณะ",)),
                C("lead_title", aliases=("ตำแหน่งหัวหน้าคณะ",)),
                C("participants", aliases=("ผู้เข้าร่วม", "จำนวนผู้เข้าร่วม")),
                C("companies", aliases=("บริษัท", "จำนวนบริษัท")),
                C("purpose", aliases=("วัตถุประสงค์",)),
                C("sectors", aliases=("sector", "สาขา", "สาขาอุตสาหกรรม")),
                C("event", aliases=("งาน", "กิจกรรม")),
                C("status", aliases=("สถานะ",), doc="held, planned or cancelled; blank = not recorded"),
                C(
                    "participants_qualifier",
                    aliases=("ผู้เข้าร่วม (ความแม่นยำ)",),
                    doc="exact, approx or at_least: how the source gives participants; blank = exact",
                ),
                C(
                    "companies_qualifier",
                    aliases=("บริษัท (ความแม่นยำ)",),
                    doc="exact, approx or at_least: how the source gives companies; blank = exact",
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
            doc="Investment statistics by year, partner, sector and stage",
            columns=(
                C("record_id", True, ("id", "รหัส")),
                C("year", True, ("ปี",)),
                C("partner", True, ("ประเทศ/หน่วยงาน", "คู่ความร่วมมือ")),
                C("sector", aliases=("สาขา",)),
                C("period", aliases=("ช่วงเวลา", "งวด")),
                C(
                    "stage",
                    True,
                    ("measure", "ขั้นตอน", "ตัวชี้วัด"),
                    doc="what the figure measures: see ENUMS['stage'] and dim_stage",
                ),
                C("projects", aliases=("จำนวนโครงการ", "โครงการ", "count")),
                C(
                    "count_unit",
                    aliases=("counted", "หน่วยนับ"),
                    doc="what `projects` counts: projects, permits, investors, companies or registrations; "
                    "blank = the stage's own (projects; permits for fba_permit; registrations for "
                    "business_registration)",
                ),
                C(
                    "projects_qualifier",
                    aliases=("count_qualifier", "จำนวน (ความแม่นยำ)"),
                    doc="exact, approx or at_least: how the source gives the count; blank = exact",
                ),
                C("value", aliases=("มูลค่า", "เงินลงทุน")),
                C(
                    "value_qualifier",
                    aliases=("มูลค่า (ความแม่นยำ)",),
                    doc="exact, approx or at_least: how the source gives the value; blank = exact",
                ),
                C("currency", aliases=("สกุลเงิน",)),
                C("unit", aliases=("หน่วย",)),
                C("province", aliases=("จังหวัด",)),
                C("jobs", aliases=("การจ้างงาน", "จำนวนการจ้างงาน")),
                C(
                    "coverage",
                    aliases=("ความครอบคลุม",),
                    doc="complete, or named_only when the figure counts only the projects or companies the "
                    "source names, not the whole of its partner, sector and period; blank = complete",
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
            optional=True,
            doc="Counts a source states only in aggregate (e.g. 22 documents with 21 Japanese local "
            "governments, July 2022), compared with what the warehouse records",
            columns=(
                C("total_id", True, ("id", "รหัส")),
                C("as_of", True, ("date", "ณ วันที่"), doc="the date the count refers to (day, month or year)"),
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
                ),
                C(
                    "thai_party",
                    aliases=("หน่วยงานไทย", "ฝ่ายไทย"),
                    doc="`;`-list of Thai parties whose agreements are counted, spelled as in agreements; "
                    "blank = any Thai party",
                ),
                C(
                    "counts",
                    True,
                    ("what", "สิ่งที่นับ"),
                    doc="what is counted: agreements, partners, delegations, companies or projects",
                ),
                C("value", True, ("จำนวน", "number"), doc="the number stated"),
                C("qualifier", aliases=("ความแม่นยำ",), doc="exact, approx or at_least; blank = exact"),
                C(
                    "period_from",
                    aliases=("since", "ตั้งแต่"),
                    doc="first date the count covers; blank = from the beginning",
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
            optional=True,
            doc="Facts a source states only as a count or summary (shown on the Data page)",
            columns=(
                C("note_id", True, ("id",)),
                C("as_of", aliases=("date", "ณ วันที่")),
                C("partner", aliases=("คู่ความร่วมมือ",)),
                C("text_en", True, ("text", "ข้อความภาษาอังกฤษ")),
                C("text_th", aliases=("ข้อความ",)),
                SOURCE,
            ),
        ),
    )
}

# Order of the build: reference tables first, then the facts that point at them.
BUILD_ORDER = (
    "sources", "thai_parties", "partners", "sectors", "fx_rates",
    "agreements", "delegations", "investments", "stated_totals", "notes",
)  # fmt: skip

# Datasets whose every source_url must be in the source register, when one is given.
REGISTERED = ("thai_parties", "partners", "agreements", "delegations", "investments", "stated_totals", "notes")

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
