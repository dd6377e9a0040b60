"""Data tables of the synthetic generator: the real partners, sectors and spellings it writes, the
made-up ones beside them, the cell forms and bad rows it plants, and the shares it draws from.

What is real and what is made up is said in the package's docstring (synth/__init__.py).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from contract.datasets import DATASETS

URL = "https://example.invalid/synthetic/"
YEARS = np.arange(1995, 2026)
LAST_DAY = date(2025, 12, 31)
CHUNK_ROWS = 1_000_000
XLSX_MAX_ROWS = 200
TRUE = "true"

REJECT_NOTE = "synthetic test row: {kind} (must be rejected)"
REJECT_ID = "{id}-rejected-{kind}"  # for bad rows whose fault is a missing note
DUPLICATE_NOTE = "synthetic test row: exact duplicate (load once)"

# Cell forms written in a few per cent of rows, with an example of each.
DATE_FORMS = {
    "iso": "2022-07-14",
    "dmy_be": "14/07/2565",
    "dmy_ce": "14/7/2022",
    "thai_abbr_be": "14 ก.ค. 2565",
    "thai_full_be": "14 กรกฎาคม 2565",
    "thai_abbr_be2": "6 มิ.ย. 60",
    "thai_digits": "๑๔ ก.ค. ๒๕๖๕",
    "month_iso": "2018-07",
    "month_thai_be": "ก.ค. 2561",
    "year": "2017",
}
DAY_FORMS = ("iso", "dmy_be", "dmy_ce", "thai_abbr_be", "thai_full_be", "thai_abbr_be2", "thai_digits")

# Spellings of coded values: the canonical value first, then what sources write (each accepted by staging).
STAGES = ("application", "approval", "certificate", "fdi_flow", "fba_permit", "business_registration", "other")
STAGE_SPELLINGS = (
    ("application", "applications", "คำขอ"),
    ("approval", "approved", "อนุมัติ"),
    ("certificate", "certificates", "ออกบัตร"),
    ("fdi_flow", "realized", "FDI", "ลงทุนจริง"),
    ("fba_permit", "FBA", "Foreign Business Act"),
    ("business_registration", "registrations", "จดทะเบียนธุรกิจ"),
    ("other",),
)
# Q1-Q4, H1, H2, January-September, January-November, the whole year (blank)
PERIODS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "01-09", "01-11")
WHOLE_YEAR = len(PERIODS)
PERIOD_SPELLINGS = (
    ("Q1", "ไตรมาส 1"), ("Q2", "ไตรมาส 2"), ("Q3", "q3"), ("Q4", "ไตรมาสที่ 4"), ("H1", "01-06", "ครึ่งปีแรก"),
    ("H2", "ครึ่งปีหลัง"), ("01-09", "1-9"), ("01-11", "1–11"), (None, "ทั้งปี", "01-12", "FY"),
)  # fmt: skip
COUNT_UNITS = ("projects", "permits", "investors", "registrations")
COUNT_UNIT_SPELLINGS = (
    ("projects", "project", "โครงการ"),
    ("permits", "permit", "ใบอนุญาต", "permissions"),
    ("investors", "investor", "นักลงทุน", "ราย"),
    ("registrations", "registration"),
)
QUALIFIERS = ("exact", "approx", "at_least")
QUALIFIER_SPELLINGS = (
    ("exact", "as stated", "ตามที่ระบุ"),
    ("approx", "about", "approximately", "around", "~", "ประมาณ", "ราว"),
    ("at_least", "at least", "over", "more than", "กว่า", "มากกว่า", "อย่างน้อย", "ไม่ต่ำกว่า"),
)
COVERAGE_SPELLINGS = (("complete", "whole", "ครบถ้วน"), ("named_only", "named only", "named", "เฉพาะที่ระบุ"))
STATUS_SPELLINGS = (
    ("held", "took place", "completed", "จัดแล้ว", "ดำเนินการแล้ว"),
    ("planned", "scheduled", "upcoming", "กำหนดการ", "มีแผน"),
    ("cancelled", "canceled", "called off", "ยกเลิก"),
)
# What an `other` figure measures, in its notes.
OTHER_NOTES = (
    "[synthetic] investment stated by a minister; stage not specified",
    "[synthetic] investment pledged at a business forum; not a BOI, BOT or DBD figure",
    "[synthetic] investment in an industrial estate as its operator reports it",
)
RESTATED_NOTE = "[synthetic] the same figure as {id}, stated again"

MESSY_FORMS = {
    "date": {k: v for k, v in DATE_FORMS.items() if k != "iso"},
    "excel_date": "signed_date and expiry_date as real date cells in agreements_x.xlsx",
    "year": {"be": "2565", "thai_digits_be": "๒๕๖๕"},
    "number": {"thousands": "1,234.5", "thai_digits": "๑๒๓.๔", "both": "๑,๒๓๔.๕"},
    "partner": {
        "name_en": "Kanagawa Prefecture",
        "name_th": "จังหวัดคานากาวะ",
        "alias": "Kanagawa-ken",
        "name_local": "神奈川県",
        "odd_case": "KANAGAWA PREFECTURE / kanagawa prefecture",
        "odd_spaces": "'  Kanagawa Prefecture ' / 'Kanagawa  Prefecture'",
    },
    "sector": {
        "name_en": "Smart electronics",
        "name_th": "อิเล็กทรอนิกส์อัจฉริยะ",
        "alias": "automotive",
        "lower_code": "auto",
        "list_spaced": "AUTO; EE",
        "list_names": "Next-generation automotive;Smart electronics",
    },
    "province": {"name_en": "Chon Buri", "code": "TH-20", "name_th": "ชลบุรี", "alias": "Chonburi"},
    "stage": {t[0]: t[1:] for t in STAGE_SPELLINGS if len(t) > 1},
    "period": {t[0] or "(blank: whole year)": t[1:] for t in PERIOD_SPELLINGS},
    "count_unit": {t[0]: t[1:] for t in COUNT_UNIT_SPELLINGS},
    "qualifier": {t[0]: t[1:] for t in QUALIFIER_SPELLINGS},
    "coverage": {t[0]: t[1:] for t in COVERAGE_SPELLINGS},
    "delegation_status": {t[0]: t[1:] for t in STATUS_SPELLINGS},
    "encoding": "delegations_th.csv in cp874 with Thai headers; investments_b.csv UTF-8 with BOM",
}
BAD_KINDS = {
    "agreements": (
        "unknown_partner",
        "unknown_sector",
        "impossible_date",
        "expiry_before_signed",
        "unknown_agreement_type",
        "conflicting_duplicate",
    ),
    "delegations": (
        "unknown_partner",
        "unknown_sector",
        "impossible_date",
        "end_before_start",
        "negative_participants",
        "unknown_status",
        "unknown_qualifier",
        "conflicting_duplicate",
    ),
    "investments": (
        "unknown_partner",
        "unknown_sector",
        "negative_value",
        "value_without_currency",
        "no_projects_or_value",
        "currency_without_fx_rate",
        "invalid_period",
        "missing_year",
        "other_stage_without_note",  # marked by REJECT_ID: its notes must stay blank
        "unknown_qualifier",
        "unknown_count_unit",
        "conflicting_duplicate",
    ),
    "stated_totals": ("unknown_partner", "unknown_partner_level", "unknown_counts", "as_of_before_period_from"),
}
UNKNOWN_PARTNERS = ("jp-atlantis", "Atlantis Prefecture", "Unknown Synthetic Partner 999", "บริษัท ไม่มีจริง จำกัด")
UNKNOWN_SECTORS = ("NANO", "AUTO;SPACE", "Quantum computing")
IMPOSSIBLE_DATES = ("31/02/2565", "2023-02-30", "31 เม.ย. 2566", "29/02/2023")
UNKNOWN_QUALIFIERS = ("give or take", "maybe", "±10%")

ASCII_DIGITS = list("0123456789")
THAI_DIGITS = list("๐๑๒๓๔๕๖๗๘๙")

# --- real partners ------------------------------------------------------------

# ISO 3166-2:JP number, romaji (id), name_en, name_local, Thai name (bare), capital
PREFECTURES = (
    ("01", "hokkaido", "Hokkaido", "北海道", "ฮอกไกโด", "Sapporo"),
    ("02", "aomori", "Aomori Prefecture", "青森県", "อาโอโมริ", "Aomori"),
    ("03", "iwate", "Iwate Prefecture", "岩手県", "อิวาเตะ", "Morioka"),
    ("04", "miyagi", "Miyagi Prefecture", "宮城県", "มิยางิ", "Sendai"),
    ("05", "akita", "Akita Prefecture", "秋田県", "อากิตะ", "Akita"),
    ("06", "yamagata", "Yamagata Prefecture", "山形県", "ยามากาตะ", "Yamagata"),
    ("07", "fukushima", "Fukushima Prefecture", "福島県", "ฟุกุชิมะ", "Fukushima"),
    ("08", "ibaraki", "Ibaraki Prefecture", "茨城県", "อิบารากิ", "Mito"),
    ("09", "tochigi", "Tochigi Prefecture", "栃木県", "โทจิงิ", "Utsunomiya"),
    ("10", "gunma", "Gunma Prefecture", "群馬県", "กุมมะ", "Maebashi"),
    ("11", "saitama", "Saitama Prefecture", "埼玉県", "ไซตามะ", "Saitama"),
    ("12", "chiba", "Chiba Prefecture", "千葉県", "ชิบะ", "Chiba"),
    ("13", "tokyo", "Tokyo Metropolis", "東京都", "โตเกียว", "Tokyo"),
    ("14", "kanagawa", "Kanagawa Prefecture", "神奈川県", "คานากาวะ", "Yokohama"),
    ("15", "niigata", "Niigata Prefecture", "新潟県", "นีงาตะ", "Niigata"),
    ("16", "toyama", "Toyama Prefecture", "富山県", "โทยามะ", "Toyama"),
    ("17", "ishikawa", "Ishikawa Prefecture", "石川県", "อิชิกาวะ", "Kanazawa"),
    ("18", "fukui", "Fukui Prefecture", "福井県", "ฟุกุอิ", "Fukui"),
    ("19", "yamanashi", "Yamanashi Prefecture", "山梨県", "ยามานาชิ", "Kofu"),
    ("20", "nagano", "Nagano Prefecture", "長野県", "นางาโนะ", "Nagano"),
    ("21", "gifu", "Gifu Prefecture", "岐阜県", "กิฟุ", "Gifu"),
    ("22", "shizuoka", "Shizuoka Prefecture", "静岡県", "ชิซุโอกะ", "Shizuoka"),
    ("23", "aichi", "Aichi Prefecture", "愛知県", "ไอจิ", "Nagoya"),
    ("24", "mie", "Mie Prefecture", "三重県", "มิเอะ", "Tsu"),
    ("25", "shiga", "Shiga Prefecture", "滋賀県", "ชิงะ", "Otsu"),
    ("26", "kyoto", "Kyoto Prefecture", "京都府", "เกียวโต", "Kyoto"),
    ("27", "osaka", "Osaka Prefecture", "大阪府", "โอซากะ", "Osaka"),
    ("28", "hyogo", "Hyogo Prefecture", "兵庫県", "เฮียวโงะ", "Kobe"),
    ("29", "nara", "Nara Prefecture", "奈良県", "นาระ", "Nara"),
    ("30", "wakayama", "Wakayama Prefecture", "和歌山県", "วากายามะ", "Wakayama"),
    ("31", "tottori", "Tottori Prefecture", "鳥取県", "ทตโตริ", "Tottori"),
    ("32", "shimane", "Shimane Prefecture", "島根県", "ชิมาเนะ", "Matsue"),
    ("33", "okayama", "Okayama Prefecture", "岡山県", "โอกายามะ", "Okayama"),
    ("34", "hiroshima", "Hiroshima Prefecture", "広島県", "ฮิโรชิมะ", "Hiroshima"),
    ("35", "yamaguchi", "Yamaguchi Prefecture", "山口県", "ยามากูจิ", "Yamaguchi"),
    ("36", "tokushima", "Tokushima Prefecture", "徳島県", "โทกูชิมะ", "Tokushima"),
    ("37", "kagawa", "Kagawa Prefecture", "香川県", "คางาวะ", "Takamatsu"),
    ("38", "ehime", "Ehime Prefecture", "愛媛県", "เอฮิเมะ", "Matsuyama"),
    ("39", "kochi", "Kochi Prefecture", "高知県", "โคจิ", "Kochi"),
    ("40", "fukuoka", "Fukuoka Prefecture", "福岡県", "ฟุกุโอกะ", "Fukuoka"),
    ("41", "saga", "Saga Prefecture", "佐賀県", "ซางะ", "Saga"),
    ("42", "nagasaki", "Nagasaki Prefecture", "長崎県", "นางาซากิ", "Nagasaki"),
    ("43", "kumamoto", "Kumamoto Prefecture", "熊本県", "คุมาโมโตะ", "Kumamoto"),
    ("44", "oita", "Oita Prefecture", "大分県", "โออิตะ", "Oita"),
    ("45", "miyazaki", "Miyazaki Prefecture", "宮崎県", "มิยาซากิ", "Miyazaki"),
    ("46", "kagoshima", "Kagoshima Prefecture", "鹿児島県", "คาโงชิมะ", "Kagoshima"),
    ("47", "okinawa", "Okinawa Prefecture", "沖縄県", "โอกินาวะ", "Naha"),
)
PREFECTURE_NAME_TH = {"hokkaido": "ฮอกไกโด", "tokyo": "มหานครโตเกียว"}  # else "จังหวัด" + bare
PREFECTURE_EXTRA_ALIASES = {
    "hokkaido": ("Hokkaido Prefecture", "Hokkaido Government", "จังหวัดฮอกไกโด"),
    "tokyo": ("Tokyo", "Tokyo Metropolitan Government", "Tokyo-to", "กรุงโตเกียว", "จังหวัดโตเกียว"),
    "osaka": ("Osaka", "Osaka-fu"),
    "kyoto": ("Kyoto", "Kyoto-fu"),
    "kanagawa": ("คานางาวะ",),
    "toyama": ("โทยาม่า", "จังหวัดโทยาม่า"),
    "gunma": ("Gumma",),
    "hyogo": ("Hyōgo",),
    "kochi": ("Kōchi",),
    "oita": ("Ōita",),
}
# Rough economic size, largest first: the Zipf rank of a prefecture as a partner.
PREFECTURE_RANK = (
    "tokyo", "aichi", "osaka", "kanagawa", "saitama", "shizuoka", "hyogo", "chiba", "fukuoka", "hokkaido",
    "ibaraki", "hiroshima", "kyoto", "tochigi", "gunma", "mie", "nagano", "gifu", "miyagi", "niigata", "shiga",
    "okayama", "yamaguchi", "fukushima", "kumamoto", "toyama", "kagoshima", "ishikawa", "nagasaki", "oita",
    "ehime", "yamanashi", "nara", "fukui", "kagawa", "okinawa", "wakayama", "yamagata", "iwate", "aomori",
    "miyazaki", "saga", "akita", "tokushima", "shimane", "kochi", "tottori",
)  # fmt: skip

# id, name_en, name_local, name_th, ISO 3166-2 number, parent prefecture, aliases besides "City of X;X-shi"
CITIES = (
    ("yokohama", "Yokohama City", "横浜市", "เมืองโยโกฮามะ", "14", "kanagawa", "Yokohama;โยโกฮามะ;นครโยโกฮามะ"),
    ("osaka-city", "Osaka City", "大阪市", "เมืองโอซากะ", "27", "osaka", "นครโอซากะ"),
    ("nagoya", "Nagoya City", "名古屋市", "เมืองนาโงยา", "23", "aichi", "Nagoya;นาโงยา;นครนาโงยา"),
    ("kobe", "Kobe City", "神戸市", "เมืองโกเบ", "28", "hyogo", "Kobe;โกเบ;นครโกเบ"),
    ("kitakyushu", "Kitakyushu City", "北九州市", "เมืองคิตะกีวชู", "40", "fukuoka", "Kitakyushu;คิตะกีวชู"),
    ("sasebo", "Sasebo City", "佐世保市", "เมืองซาเซโบะ", "42", "nagasaki", "Sasebo;ซาเซโบะ"),
    ("fukuoka-city", "Fukuoka City", "福岡市", "เมืองฟุกุโอกะ", "40", "fukuoka", "นครฟุกุโอกะ"),
    ("kawasaki", "Kawasaki City", "川崎市", "เมืองคาวาซากิ", "14", "kanagawa", ""),
    ("sapporo", "Sapporo City", "札幌市", "เมืองซัปโปโร", "01", "hokkaido", "Sapporo;ซัปโปโร"),
    ("sendai", "Sendai City", "仙台市", "เมืองเซ็นได", "04", "miyagi", "Sendai;เซ็นได"),
    ("hamamatsu", "Hamamatsu City", "浜松市", "เมืองฮามามัตสึ", "22", "shizuoka", "Hamamatsu;ฮามามัตสึ"),
    ("kyoto-city", "Kyoto City", "京都市", "เมืองเกียวโต", "26", "kyoto", "นครเกียวโต"),
    ("hiroshima-city", "Hiroshima City", "広島市", "เมืองฮิโรชิมะ", "34", "hiroshima", ""),
    ("toyota", "Toyota City", "豊田市", "เมืองโทโยตะ", "23", "aichi", ""),
    ("kumamoto-city", "Kumamoto City", "熊本市", "เมืองคุมาโมโตะ", "43", "kumamoto", ""),
)

# id, name_en, name_local, name_th, level, aliases
AGENCIES = (
    (
        "jetro",
        "Japan External Trade Organization",
        "日本貿易振興機構",
        "องค์การส่งเสริมการค้าต่างประเทศของญี่ปุ่น",
        "agency",
        "JETRO;ジェトロ;เจโทร",
    ),
    (
        "smrj",
        "Organization for Small & Medium Enterprises and Regional Innovation, JAPAN",
        "中小企業基盤整備機構",
        "องค์การส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อมและนวัตกรรมภูมิภาคแห่งญี่ปุ่น",
        "agency",
        (
            "SMRJ;中小機構;Organization for Small and Medium Enterprises and Regional Innovation, Japan;"
            "Organization for SME and Regional Innovation of Japan;องค์การสนับสนุน SMEs แห่งประเทศญี่ปุ่น"
        ),
    ),
    (
        "jica",
        "Japan International Cooperation Agency",
        "国際協力機構",
        "องค์การความร่วมมือระหว่างประเทศแห่งญี่ปุ่น",
        "agency",
        "JICA;ไจก้า",
    ),
    (
        "meti",
        "Ministry of Economy, Trade and Industry",
        "経済産業省",
        "กระทรวงเศรษฐกิจ การค้า และอุตสาหกรรมญี่ปุ่น",
        "national_government",
        "METI;Japan METI;กระทรวงเศรษฐกิจ การค้าและอุตสาหกรรมของญี่ปุ่น",
    ),
    (
        "nedo",
        "New Energy and Industrial Technology Development Organization",
        "新エネルギー・産業技術総合開発機構",
        "องค์การพัฒนาพลังงานใหม่และเทคโนโลยีอุตสาหกรรม",
        "agency",
        "NEDO;นีโด",
    ),
    (
        "jbic",
        "Japan Bank for International Cooperation",
        "国際協力銀行",
        "ธนาคารเพื่อความร่วมมือระหว่างประเทศแห่งญี่ปุ่น",
        "agency",
        "JBIC",
    ),
)
FEDERATIONS = (
    (
        "keidanren",
        "Japan Business Federation",
        "日本経済団体連合会",
        "สหพันธ์ธุรกิจญี่ปุ่น",
        "Keidanren;経団連;เคดันเรน;สมาพันธ์ธุรกิจญี่ปุ่น",
    ),
    (
        "jcci",
        "Japan Chamber of Commerce and Industry",
        "日本商工会議所",
        "สภาหอการค้าและอุตสาหกรรมญี่ปุ่น",
        "JCCI;日商",
    ),
    (
        "jcc-bangkok",
        "Japanese Chamber of Commerce, Bangkok",
        "盤谷日本人商工会議所",
        "หอการค้าญี่ปุ่น กรุงเทพฯ",
        "JCC Bangkok;JCC",
    ),
)
# id, ISO 3166-1, name_en, name_local, name_th, aliases, capital
COUNTRIES = (
    ("jp", "JP", "Japan", "日本", "ญี่ปุ่น", "Nippon;Government of Japan;ประเทศญี่ปุ่น", "Tokyo"),
    ("cn", "CN", "China", "中国", "จีน", "People's Republic of China;PRC;ประเทศจีน", "Beijing"),
    ("us", "US", "United States", "United States", "สหรัฐอเมริกา", "USA;United States of America;สหรัฐฯ", "Washington DC"),
    ("sg", "SG", "Singapore", "Singapore", "สิงคโปร์", "Republic of Singapore", "Singapore"),
    ("kr", "KR", "South Korea", "대한민국", "เกาหลีใต้", "Korea;Republic of Korea", "Seoul"),
    ("tw", "TW", "Taiwan", "臺灣", "ไต้หวัน", "Chinese Taipei", "Taipei"),
    ("de", "DE", "Germany", "Deutschland", "เยอรมนี", "Federal Republic of Germany", "Berlin"),
    ("hk", "HK", "Hong Kong", "香港", "ฮ่องกง", "Hong Kong SAR;Hong Kong, China", "Hong Kong"),
)
# Aggregate partners (level aggregate, country ZZ, no parent): id, name_en, name_th, aliases, member countries
# (None: every country), typical value of a total in THB million. all-investors holds all-foreign; the regional
# groups overlap it.
AGGREGATES = (
    ("all-foreign", "All foreign investors", "นักลงทุนต่างชาติทั้งหมด", "All countries;Total foreign;ต่างชาติรวม",
     None, 40_000.0),
    ("all-investors", "All investors (Thai and foreign)", "นักลงทุนทั้งหมด (ไทยและต่างชาติ)",
     "All investors;Thai and foreign investors;นักลงทุนไทยและต่างชาติ", None, 90_000.0),
    ("asean-investors", "ASEAN investors", "นักลงทุนอาเซียน", "ASEAN;อาเซียน", ("sg",), 6_000.0),
    ("eu-investors", "European Union investors", "นักลงทุนสหภาพยุโรป", "EU;European Union;สหภาพยุโรป",
     ("de",), 4_000.0),
)  # fmt: skip
# (name_en word, sector, Japanese, Thai) for synthetic company names
COMPANY_WORDS = (
    ("Motor", "AUTO", "モーター", "มอเตอร์"),
    ("Auto Parts", "AUTO", "オートパーツ", "ออโต้พาร์ท"),
    ("Electronics", "EE", "エレクトロニクス", "อิเล็กทรอนิกส์"),
    ("Devices", "EE", "デバイス", "ดีไวซ์"),
    ("Precision", "MACH", "精密", "พรีซิชัน"),
    ("Machinery", "MACH", "機械", "แมชชีนเนอรี"),
    ("Foods", "FOOD", "食品", "ฟู้ดส์"),
    ("Agritech", "AGRI", "アグリテック", "อะกริเทค"),
    ("Robotics", "ROBOT", "ロボティクス", "โรโบติกส์"),
    ("Automation", "ROBOT", "オートメーション", "ออโตเมชัน"),
    ("Aero Logistics", "AVIA", "エアロ物流", "แอโรโลจิสติกส์"),
    ("Bio Chemical", "BIO", "バイオケミカル", "ไบโอเคมิคอล"),
    ("Digital", "DIGI", "デジタル", "ดิจิทัล"),
    ("Medical", "MED", "メディカル", "เมดิคอล"),
    ("Chemical", "CHEM", "化学", "เคมิคอล"),
    ("Textile", "TEXT", "繊維", "เท็กซ์ไทล์"),
    ("Steel", "METAL", "製鋼", "สตีล"),
    ("Wellness Resorts", "TOUR", "ウェルネスリゾート", "เวลเนสรีสอร์ต"),
    ("Defence Systems", "DEF", "防衛システム", "ดีเฟนซ์ซิสเต็มส์"),
    ("EV Systems", "EV", "EVシステムズ", "อีวีซิสเต็มส์"),
    ("Semiconductor", "SEMI", "半導体", "เซมิคอนดักเตอร์"),
    ("Medical Devices", "MEDDEV", "医療機器", "เมดิคอลดีไวซ์"),
)
UNIVERSITY_FIELDS = (
    ("Technology", "EDU", "工業", "เทคโนโลยี"),
    ("Engineering", "ROBOT", "工学", "วิศวกรรม"),
    ("Medicine", "MED", "医科", "การแพทย์"),
    ("Agriculture", "AGRI", "農業", "เกษตร"),
    ("Informatics", "DIGI", "情報", "สารสนเทศ"),
)
N_COMPANIES = 300
N_UNIVERSITIES = 30
COMPANY_COUNTRIES = ("jp", "cn", "us", "sg", "kr", "tw", "de", "hk")
COMPANY_COUNTRY_P = (0.72, 0.08, 0.05, 0.04, 0.04, 0.03, 0.02, 0.02)
# where Japanese companies have their head office
HQ_PREFECTURES = {"tokyo": 0.36, "aichi": 0.15, "osaka": 0.15, "kanagawa": 0.08, "shizuoka": 0.05, "hyogo": 0.04}

# (code, name_en, name_th, group, aliases)
SECTORS = (
    (
        "AUTO",
        "Next-generation automotive",
        "ยานยนต์สมัยใหม่",
        "first_s_curve",
        "automotive;auto;next generation automotive;ยานยนต์",
    ),
    (
        "EE",
        "Smart electronics",
        "อิเล็กทรอนิกส์อัจฉริยะ",
        "first_s_curve",
        "electronics;electrical and electronics;E&E;อิเล็กทรอนิกส์",
    ),
    (
        "TOUR",
        "Affluent, medical and wellness tourism",
        "การท่องเที่ยวกลุ่มรายได้ดีและการท่องเที่ยวเชิงสุขภาพ",
        "first_s_curve",
        "tourism;medical tourism;wellness tourism;การท่องเที่ยว",
    ),
    (
        "AGRI",
        "Agriculture and biotechnology",
        "การเกษตรและเทคโนโลยีชีวภาพ",
        "first_s_curve",
        "agriculture;biotechnology;agritech;การเกษตร",
    ),
    ("FOOD", "Food for the future", "การแปรรูปอาหาร", "first_s_curve", "food;food processing;future food;อาหาร"),
    ("ROBOT", "Robotics and automation", "หุ่นยนต์และระบบอัตโนมัติ", "new_s_curve", "robotics;automation;หุ่นยนต์"),
    ("AVIA", "Aviation and logistics", "การบินและโลจิสติกส์", "new_s_curve", "aviation;logistics;aerospace;การบิน"),
    (
        "BIO",
        "Biofuels and biochemicals",
        "เชื้อเพลิงชีวภาพและเคมีชีวภาพ",
        "new_s_curve",
        "biofuels;biochemicals;bioeconomy;เชื้อเพลิงชีวภาพ",
    ),
    ("DIGI", "Digital", "ดิจิทัล", "new_s_curve", "digital economy;ICT;software;เศรษฐกิจดิจิทัล"),
    ("MED", "Medical hub", "การแพทย์ครบวงจร", "new_s_curve", "medical;healthcare;การแพทย์"),
    ("DEF", "Defence", "อุตสาหกรรมป้องกันประเทศ", "new_s_curve", "defense;defence industry;ป้องกันประเทศ"),
    (
        "EDU",
        "Education and human resource development",
        "การพัฒนาบุคลากรและการศึกษา",
        "new_s_curve",
        "education;human resource development;HRD;การศึกษา",
    ),
    ("MACH", "Machinery", "เครื่องจักร", "other", "machines;industrial machinery;machine tools"),
    ("CHEM", "Chemicals", "เคมีภัณฑ์", "other", "chemical;petrochemicals;ปิโตรเคมี"),
    ("TEXT", "Textiles", "สิ่งทอ", "other", "textile;garments;apparel;เครื่องนุ่งห่ม"),
    ("METAL", "Metals and steel", "โลหะและเหล็ก", "other", "metal;steel;metalworking;เหล็ก"),
)
# Sub-sectors: (code, name_en, name_th, group, aliases, parent_code)
SUB_SECTORS = (
    ("EV", "Electric vehicles and batteries", "ยานยนต์ไฟฟ้าและแบตเตอรี่", "other", "electric vehicles;EVs;EV batteries",
     "AUTO"),
    ("SEMI", "Semiconductors", "เซมิคอนดักเตอร์", "other", "semiconductors;chips", "EE"),
    ("MEDDEV", "Medical devices", "เครื่องมือแพทย์", "other", "medical devices;medical equipment", "MED"),
)  # fmt: skip
SECTOR_P = {
    "AUTO": 0.24, "EE": 0.16, "MACH": 0.10, "CHEM": 0.08, "FOOD": 0.07, "METAL": 0.06, "DIGI": 0.05, "BIO": 0.04,
    "ROBOT": 0.04, "MED": 0.03, "AGRI": 0.03, "TEXT": 0.03, "AVIA": 0.025, "TOUR": 0.02, "EDU": 0.01, "DEF": 0.005,
    "EV": 0.03, "SEMI": 0.02, "MEDDEV": 0.01,
}  # fmt: skip

# Thai parties to agreements: (English, Thai)
THAI_PARTIES = (
    ("Department of Industrial Promotion", "กรมส่งเสริมอุตสาหกรรม"),
    ("Office of the Board of Investment", "สำนักงานคณะกรรมการส่งเสริมการลงทุน"),
    ("Ministry of Industry", "กระทรวงอุตสาหกรรม"),
    ("Eastern Economic Corridor Office", "สำนักงานคณะกรรมการนโยบายเขตพัฒนาพิเศษภาคตะวันออก"),
    ("Federation of Thai Industries", "สภาอุตสาหกรรมแห่งประเทศไทย"),
    ("Industrial Estate Authority of Thailand", "การนิคมอุตสาหกรรมแห่งประเทศไทย"),
    ("Office of Industrial Economics", "สำนักงานเศรษฐกิจอุตสาหกรรม"),
    ("Office of Small and Medium Enterprises Promotion", "สำนักงานส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อม"),
    ("Thai Chamber of Commerce", "หอการค้าไทย"),
    ("Chon Buri Province", "จังหวัดชลบุรี"),
    ("Rayong Province", "จังหวัดระยอง"),
    ("Synthetic Thai University 01", "มหาวิทยาลัยสังเคราะห์ 01"),
)
AGREEMENT_TYPES = ("MOU", "MOC", "LOI", "AGREEMENT", "OTHER")
AGREEMENT_TYPE_P = (0.6, 0.12, 0.1, 0.13, 0.05)
TYPE_EN = (
    "Memorandum of Understanding",
    "Memorandum of Cooperation",
    "Letter of Intent",
    "Agreement",
    "Joint statement",
)
TYPE_TH = ("บันทึกความเข้าใจ", "บันทึกความร่วมมือ", "หนังสือแสดงเจตจำนง", "ความตกลง", "แถลงการณ์ร่วม")
PURPOSES = (
    "business_matching",
    "site_visit",
    "trade_fair",
    "policy_dialogue",
    "training",
    "investment_promotion",
    "signing",
    "other",
)
PURPOSE_P = (0.28, 0.18, 0.12, 0.14, 0.1, 0.12, 0.04, 0.02)
PURPOSE_EVENT = (
    "Business Matching Fair",
    "Industrial Site Visit",
    "Industry Trade Fair",
    "Policy Dialogue",
    "Training Programme",
    "Investment Seminar",
    "Signing Ceremony",
    "Exchange Visit",
)
LEAD_TITLES_OUT = (
    ("Director-General, Department of Industrial Promotion", "อธิบดีกรมส่งเสริมอุตสาหกรรม"),
    ("Deputy Director-General, Department of Industrial Promotion", "รองอธิบดีกรมส่งเสริมอุตสาหกรรม"),
    ("Permanent Secretary, Ministry of Industry", "ปลัดกระทรวงอุตสาหกรรม"),
    ("Secretary-General, Board of Investment", "เลขาธิการคณะกรรมการส่งเสริมการลงทุน"),
    ("Provincial Governor", "ผู้ว่าราชการจังหวัด"),
    ("Chairman, Federation of Thai Industries", "ประธานสภาอุตสาหกรรมแห่งประเทศไทย"),
)
LEAD_TITLES_IN = (
    ("Governor", "ผู้ว่าการจังหวัด"),
    ("Mayor", "นายกเทศมนตรี"),
    ("President", "ประธาน"),
    ("Chairman", "ประธานกรรมการ"),
    ("Director-General", "อธิบดี"),
    ("Chief Representative, Bangkok Office", "หัวหน้าสำนักงานกรุงเทพฯ"),
)
# Thai destination cities of inbound delegations: province code -> weight
INBOUND_PROVINCES = {
    "TH-10": 0.4, "TH-20": 0.15, "TH-21": 0.1, "TH-24": 0.06, "TH-14": 0.05, "TH-13": 0.04, "TH-11": 0.04,
    "TH-50": 0.04, "TH-40": 0.03, "TH-30": 0.03, "TH-90": 0.03, "TH-25": 0.03,
}  # fmt: skip
# Investment provinces, EEC-heavy
INVESTMENT_PROVINCES = {
    "TH-20": 0.3, "TH-21": 0.2, "TH-24": 0.1, "TH-10": 0.08, "TH-11": 0.06, "TH-14": 0.06, "TH-13": 0.05,
    "TH-25": 0.04, "TH-19": 0.03, "TH-30": 0.03, "TH-40": 0.02, "TH-50": 0.02, "TH-51": 0.02, "TH-90": 0.02,
    "TH-74": 0.02, "TH-73": 0.01,
}  # fmt: skip

CURRENCIES = ("THB", "JPY", "USD", "CNY")
UNITS = ("million", "thousand", "1", "billion")
STAGE_P = (0.22, 0.22, 0.15, 0.17, 0.13, 0.105, 0.005)
# value of a figure relative to an application figure of the same scope; baht (million) per project counted
STAGE_SCALE = np.array([1.2, 1.0, 0.8, 1.4, 0.3, 0.2, 1.0])
STAGE_PER_UNIT = np.array([250.0, 250.0, 250.0, 250.0, 60.0, 15.0, 250.0])
PERIOD_P = (0.025, 0.02, 0.02, 0.015, 0.025, 0.015, 0.02, 0.01, 0.85)  # last: whole year
PERIOD_SHARE = np.array([0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.75, 11 / 12, 1.0])
# Grain of a figure by partner group: all sectors and no province (totals), a sector, a province, both.
GRAINS = ("totals", "sector", "province", "sector_province")
GRAIN_P = {
    "country": (0.4, 0.35, 0.2, 0.05),
    "aggregate": (0.75, 0.2, 0.05, 0.0),
    "prefecture": (0.5, 0.3, 0.15, 0.05),
    "city": (0.6, 0.25, 0.1, 0.05),
    "agency": (0.6, 0.3, 0.1, 0.0),
    "company": (0.03, 0.37, 0.05, 0.55),
}
GRAIN_SCALE = np.array([1.0, 0.3, 0.35, 0.1])  # of a partner's total (not for companies)
SPREAD_GRAIN_P = (0.05, 0.25, 0.1, 0.6)  # grains of scopes drawn again (see _draw_scopes)
BLOCK_ROWS = 1 << 20  # rows of scopes drawn at a time
# Share of investment rows that restate another row's scope with one thing changed, and what is changed.
DERIVED_SHARE = 0.35
DERIVATIONS = ("period", "partner_up", "partner_down", "sector", "province", "stage")
DERIVATION_P = (0.25, 0.2, 0.2, 0.15, 0.1, 0.1)
REPEAT_SHARE = 0.002  # scopes stated twice on purpose (the same figure, a second source)
REPEAT_WINDOW = 500  # a repeat restates one of the rows this far before it


def _show(partner, stage, dy=0, period=None, sector=None, province=None, unit=None, vq=None, pq=None, coverage=None):
    return (partner, stage, dy, period, sector, province, unit, vq, pq, coverage)


SHOWCASE_COMPANY = "<company>"  # stands for the first Japanese automotive company
# The first investment rows of every output (when it has room), so that even a small file holds each case the
# counting rules must handle; the year is drawn from the seed (dy: years before it). The row after them restates
# the first one (a deliberate repeat).
SHOWCASE = (
    # three stages in two years: Japan's totals
    _show("jp", "application"),
    _show("jp", "approval", vq="approx", pq="at_least"),
    _show("jp", "fdi_flow", vq="at_least"),
    _show("jp", "application", -1, pq="exact"),
    _show("jp", "approval", -1, vq="exact"),
    _show("jp", "fdi_flow", -1),
    # aggregates beside their members: all-investors holds all-foreign, ASEAN and EU investors overlap it
    _show("cn", "application", vq="approx", pq="approx"),
    _show("sg", "application"),
    _show("de", "application"),
    _show("all-foreign", "application"),
    _show("all-investors", "application"),
    _show("asean-investors", "application"),
    _show("eu-investors", "application"),
    # a country total beside the figures of partners under it: a prefecture, its city, an agency, a company
    _show("jp-aichi", "application"),
    _show("jp-nagoya", "application"),
    _show("jp-jbic", "application"),
    _show(SHOWCASE_COMPANY, "application"),
    # a sector beside its sub-sector, for the country and for a company
    _show("jp", "application", sector="AUTO"),
    _show("jp", "application", sector="EV"),
    _show(SHOWCASE_COMPANY, "application", sector="EV"),
    _show("jp", "approval", sector="MED"),
    _show("jp", "approval", sector="MEDDEV"),
    # parts of the year that overlap, beside the whole year
    _show("jp", "application", period="Q1"),
    _show("jp", "application", period="H1"),
    _show("jp", "application", period="01-09"),
    # a province breakdown: two EEC provinces and Bangkok
    _show("jp", "application", province="TH-20"),
    _show("jp", "application", province="TH-21"),
    _show("jp", "application", province="TH-10"),
    # Foreign Business Act permits counted in investors, in permits (written out) and in permits (blank)
    _show("jp", "fba_permit", unit="investors"),
    _show("cn", "fba_permit", unit="permits"),
    _show("us", "fba_permit"),
    _show("jp", "business_registration"),
    _show("jp", "certificate"),
    _show("jp", "other"),
    _show("jp", "certificate", sector="EE", coverage="named_only"),
)

# Anchors of the made-up exchange rates (baht per US dollar; yen and yuan per dollar).
FX_ANCHORS = {
    "USD": ((1995, 25.0), (1997, 31.0), (1998, 41.0), (2001, 44.0), (2005, 40.0), (2008, 33.5), (2011, 30.5),
            (2015, 34.0), (2019, 31.0), (2022, 35.0), (2024, 35.3), (2025, 33.5)),
    "JPY_PER_USD": ((1995, 94.0), (1998, 131.0), (2000, 108.0), (2007, 118.0), (2011, 80.0), (2015, 121.0),
                    (2020, 107.0), (2022, 131.0), (2024, 151.0), (2025, 150.0)),
    "CNY_PER_USD": ((1995, 8.35), (2005, 8.19), (2008, 6.95), (2014, 6.16), (2016, 6.64), (2020, 6.90),
                    (2022, 6.73), (2024, 7.19), (2025, 7.20)),
}  # fmt: skip

# --- year shapes: growth with dips (Asian crisis, 2009, the 2011 floods, COVID)
DIPS = {1997: 0.85, 1998: 0.6, 1999: 0.7, 2009: 0.6, 2011: 0.85, 2020: 0.5, 2021: 0.75}
TRAVEL_DIPS = {1998: 0.7, 2009: 0.7, 2020: 0.15, 2021: 0.3, 2022: 0.7}

G_COUNTRY, G_AGGREGATE, G_PREFECTURE, G_CITY, G_AGENCY, G_FEDERATION, G_COMPANY, G_UNIVERSITY = range(8)
# share of each partner group in the references of each fact dataset
GROUP_SHARE = {
    "investments": {
        G_COUNTRY: 0.40, G_AGGREGATE: 0.06, G_PREFECTURE: 0.05, G_CITY: 0.02, G_AGENCY: 0.01, G_COMPANY: 0.46,
    },
    "agreements": {
        G_COUNTRY: 0.09, G_PREFECTURE: 0.28, G_CITY: 0.14, G_AGENCY: 0.14, G_FEDERATION: 0.07,
        G_COMPANY: 0.22, G_UNIVERSITY: 0.06,
    },
    "delegations": {
        G_COUNTRY: 0.13, G_PREFECTURE: 0.22, G_CITY: 0.12, G_AGENCY: 0.18, G_FEDERATION: 0.1,
        G_COMPANY: 0.18, G_UNIVERSITY: 0.07,
    },
}  # fmt: skip
# within the country group: Japan first
COUNTRY_P = {"jp": 0.6, "cn": 0.11, "us": 0.08, "sg": 0.065, "kr": 0.045, "tw": 0.045, "de": 0.03, "hk": 0.025}

PARTNER_COLUMNS = DATASETS["partners"].names
SECTOR_COLUMNS = DATASETS["sectors"].names
FX_COLUMNS = DATASETS["fx_rates"].names
AGREEMENT_COLUMNS = DATASETS["agreements"].names
DELEGATION_COLUMNS = DATASETS["delegations"].names
INVESTMENT_COLUMNS = DATASETS["investments"].names
NOTE_COLUMNS = DATASETS["notes"].names
STATED_TOTAL_COLUMNS = DATASETS["stated_totals"].names
# Thai headers of delegations_th.csv: each is an alias declared in sources.py
DELEGATION_TH_HEADERS = {
    "delegation_id": "รหัสคณะ",
    "start_date": "วันที่เริ่ม",
    "end_date": "วันที่สิ้นสุด",
    "direction": "ทิศทาง",
    "partner": "คู่ความร่วมมือ",
    "city": "เมือง",
    "lead_name": "หัวหน้าคณะ",
    "lead_title": "ตำแหน่งหัวหน้าคณะ",
    "participants": "จำนวนผู้เข้าร่วม",
    "companies": "จำนวนบริษัท",
    "purpose": "วัตถุประสงค์",
    "sectors": "สาขาอุตสาหกรรม",
    "event": "กิจกรรม",
    "status": "สถานะ",
    "participants_qualifier": "ผู้เข้าร่วม (ความแม่นยำ)",
    "companies_qualifier": "บริษัท (ความแม่นยำ)",
    "source_url": "แหล่งที่มา",
    "notes": "หมายเหตุ",
    "synthetic": "ข้อมูลสังเคราะห์",
}


# --- stated totals ----------------------------------------------------------------


def _parties(*names: str) -> str:
    """A `;`-list of Thai parties in both spellings the agreements use (English and Thai)."""
    return ";".join(x for party in THAI_PARTIES if party[0] in names for x in party)


DIPROM, BOI, MOI = "Department of Industrial Promotion", "Office of the Board of Investment", "Ministry of Industry"
# Counts as sources state them: id, as_of, stated_by, partner, partner_level, thai_party, counts, qualifier,
# period_from, size (share of the records of its kind; for partners, at most this many; for companies and
# projects, the number itself), what is counted (English, Thai).
STATED_TOTALS = (
    ("st-001", "2022-07", "DIPROM", "jp", "local_government", _parties(DIPROM, MOI), "agreements", None, None,
     0.08, "documents signed with Japanese local governments", "ฉบับ ลงนามกับรัฐบาลท้องถิ่นญี่ปุ่น"),
    ("st-002", "ก.ค. 2565", "DIPROM", "Japan", "prefecture;city", _parties(DIPROM, MOI), "partners", None, None,
     62, "Japanese local governments with signed documents", "แห่ง รัฐบาลท้องถิ่นญี่ปุ่นที่ลงนามด้วย"),
    ("st-003", "31/12/2567", "BOI", "jp", None, _parties(BOI), "MOU", "more than", None,
     0.09, "agreements with Japanese partners", "ฉบับ ความตกลงกับหน่วยงานญี่ปุ่น"),
    ("st-004", "2025", "Ministry of Industry", "Aichi Prefecture", None, None, "missions", "about", "2015-01",
     0.02, "delegations with Aichi since 2015", "คณะ กับจังหวัดไอจิตั้งแต่ปี 2558"),
    ("st-005", "2024-03-31", "JCC Bangkok", "jp", "company", None, "firms", "ประมาณ", None,
     1_600, "Japanese member companies in Thailand", "บริษัท สมาชิกญี่ปุ่นในประเทศไทย"),
    ("st-006", "2023-12", "BOI", "cn", None, None, "applications", "more than", "2023-01",
     900, "projects from China applied for promotion in 2023", "โครงการ จากจีนยื่นขอส่งเสริมในปี 2566"),
    ("st-007", "2025-06-30", "DIPROM", "jp-kanagawa", None, _parties(DIPROM), "agreements", None, None,
     0.012, "agreements with Kanagawa and its cities", "ฉบับ กับจังหวัดคานากาวะและเมืองในจังหวัด"),
    ("st-008", "2020", "FTI", "jp", "business_association", _parties("Federation of Thai Industries"),
     "documents", "at least", None,
     0.004, "agreements with Japanese business associations", "ฉบับ กับสมาคมธุรกิจญี่ปุ่น"),
    ("st-009", "ก.ย. 2568", "Ministry of Industry", "ญี่ปุ่น", None, None, "delegations", "about", "2020-01",
     0.25, "delegations with Japan since 2020", "คณะ กับญี่ปุ่นตั้งแต่ปี 2563"),
    ("st-010", "2025-09", "Ministry of Industry", "us", None, None, "คณะผู้แทน", None, "2020-01-01",
     0.006, "delegations with the United States since 2020", "คณะ กับสหรัฐอเมริกาตั้งแต่ปี 2563"),
    ("st-011", "2019", "EEC Office", "jp", "local_government", _parties("Eastern Economic Corridor Office"),
     "agreements", None, None,
     0.008, "agreements with Japanese local governments", "ฉบับ กับรัฐบาลท้องถิ่นญี่ปุ่น"),
    ("st-012", "2024-06", "JETRO Bangkok", "JETRO", None, None, "agreements", "over", None,
     0.05, "agreements with JETRO", "ฉบับ กับเจโทร"),
)  # fmt: skip
QUALIFIER_WORDS = {"approx": ("about ", "ประมาณ "), "at_least": ("at least ", "อย่างน้อย ")}


# --- notes ------------------------------------------------------------------------

# notes.csv: note_id, date, partner, text_en, text_th (source_url is added from the id)
NOTES = (
    ("note-001", "2024-03-31", "jp-jcc-bangkok", "[synthetic] About 1,600 member companies are listed.",
     "[ข้อมูลสังเคราะห์] มีบริษัทสมาชิกประมาณ 1,600 บริษัท"),
    ("note-002", "31 มี.ค. 2567", "jp", "[synthetic] Japan stays the largest source of approved projects.",
     "[ข้อมูลสังเคราะห์] ญี่ปุ่นยังคงเป็นแหล่งโครงการที่ได้รับอนุมัติมากที่สุด"),
    ("note-003", "2023-12", "jp-kanagawa", "[synthetic] 120 SMEs joined online business matching.",
     "[ข้อมูลสังเคราะห์] ผู้ประกอบการ SMEs 120 รายเข้าร่วมการจับคู่ธุรกิจออนไลน์"),
    ("note-004", "2022", "jp-jetro", "[synthetic] Figures for 2020-2021 are affected by travel restrictions.",
     "[ข้อมูลสังเคราะห์] ตัวเลขปี 2563-2564 ได้รับผลกระทบจากข้อจำกัดการเดินทาง"),
    ("note-005", "2025-06-30", None, "[synthetic] Investment values are in the currency and unit stated.",
     "[ข้อมูลสังเคราะห์] มูลค่าการลงทุนแสดงตามสกุลเงินและหน่วยที่ระบุ"),
    ("note-006", "14/07/2565", "Aichi Prefecture", "[synthetic] A follow-up mission is planned.",
     "[ข้อมูลสังเคราะห์] มีแผนการเยือนครั้งต่อไป"),
)  # fmt: skip
