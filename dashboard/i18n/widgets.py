"""The texts the page's widgets write themselves, in Thai: the records grids (AG Grid), the charts'
toolbar and notices (plotly.js) and the filter bar's dropdowns (dcc.Dropdown).

Each library ships English; these tables give Thai for every text the dashboard's use of it can
show (grids with pagination, sorting and the text filter; bar, scatter and map charts with the
default toolbar; dropdowns with search). English is the libraries' own, so an English view passes
nothing (`{}` / `None`), and a text missing here shows in English rather than blank.

    AgGrid(..., localeText=grid_locale(lang))
    dcc.Graph(..., config={**config, **graph_locale(lang)})
    dcc.Dropdown(..., **dropdown_labels(lang))
"""

from __future__ import annotations

from dashboard.i18n.strings import MONTHS

# AG Grid's locale keys (AG_GRID_LOCALE_EN of @ag-grid-community/locale): the community features
# the grids use, and every aria text a screen reader hears from them.
GRID_TH: dict[str, str] = {
    # overlays
    "loadingOoo": "กำลังโหลด...",
    "loadingError": "ผิดพลาด",
    "noRowsToShow": "ไม่มีรายการที่จะแสดง",
    "noMatches": "ไม่พบรายการที่ตรงกัน",
    # pagination: "1 ถึง 20 จาก 42", "หน้า 1 จาก 3"
    "page": "หน้า",
    "of": "จาก",
    "to": "ถึง",
    "more": "มากกว่า",
    "pageLastRowUnknown": "?",
    "nextPage": "หน้าถัดไป",
    "lastPage": "หน้าสุดท้าย",
    "firstPage": "หน้าแรก",
    "previousPage": "หน้าก่อนหน้า",
    "pageSizeSelectorLabel": "แถวต่อหน้า:",
    "ariaPageSizeSelectorLabel": "แถวต่อหน้า",
    "thousandSeparator": ",",
    "decimalSeparator": ".",
    # text and number filters
    "filterOoo": "กรอง...",
    "searchOoo": "ค้นหา...",
    "selectAll": "(เลือกทั้งหมด)",
    "selectAllSearchResults": "(เลือกผลการค้นหาทั้งหมด)",
    "blanks": "(ว่าง)",
    "equals": "เท่ากับ",
    "notEqual": "ไม่เท่ากับ",
    "blank": "ว่าง",
    "notBlank": "ไม่ว่าง",
    "empty": "เลือกหนึ่งรายการ",
    "lessThan": "น้อยกว่า",
    "greaterThan": "มากกว่า",
    "lessThanOrEqual": "น้อยกว่าหรือเท่ากับ",
    "greaterThanOrEqual": "มากกว่าหรือเท่ากับ",
    "inRange": "ระหว่าง",
    "inRangeStart": "ตั้งแต่",
    "inRangeEnd": "ถึง",
    "contains": "มีคำว่า",
    "notContains": "ไม่มีคำว่า",
    "startsWith": "ขึ้นต้นด้วย",
    "endsWith": "ลงท้ายด้วย",
    "before": "ก่อน",
    "after": "หลัง",
    "dateFormatOoo": "ปปปป-ดด-วว",
    "andCondition": "และ",
    "orCondition": "หรือ",
    "applyFilter": "ใช้ตัวกรอง",
    "resetFilter": "ล้างค่า",
    "clearFilter": "ล้าง",
    "cancelFilter": "ยกเลิก",
    "textFilter": "ตัวกรองข้อความ",
    "numberFilter": "ตัวกรองตัวเลข",
    "dateFilter": "ตัวกรองวันที่",
    "setFilter": "ตัวกรองรายการ",
    "columns": "คอลัมน์",
    "filters": "ตัวกรอง",
    # the column menu
    "pinColumn": "ตรึงคอลัมน์",
    "pinLeft": "ตรึงด้านซ้าย",
    "pinRight": "ตรึงด้านขวา",
    "noPin": "ไม่ตรึง",
    "autosizeThisColumn": "ปรับความกว้างคอลัมน์นี้",
    "autosizeAllColumns": "ปรับความกว้างทุกคอลัมน์",
    "resetColumns": "คืนค่าคอลัมน์",
    "columnFilter": "ตัวกรองคอลัมน์",
    "columnChooser": "เลือกคอลัมน์",
    "sortAscending": "เรียงจากน้อยไปมาก",
    "sortDescending": "เรียงจากมากไปน้อย",
    "sortUnSort": "ล้างการเรียง",
    "copy": "คัดลอก",
    "copyWithHeaders": "คัดลอกพร้อมหัวคอลัมน์",
    "export": "ส่งออก",
    "csvExport": "ส่งออก CSV",
    "true": "จริง",
    "false": "เท็จ",
    "invalidDate": "วันที่ไม่ถูกต้อง",
    "invalidNumber": "ตัวเลขไม่ถูกต้อง",
    # what a screen reader hears
    "ariaChecked": "เลือกแล้ว",
    "ariaUnchecked": "ไม่ได้เลือก",
    "ariaIndeterminate": "เลือกบางส่วน",
    "ariaColumn": "คอลัมน์",
    "ariaColumnGroup": "กลุ่มคอลัมน์",
    "ariaColumnFiltered": "คอลัมน์ที่กรองอยู่",
    "ariaColumnSelectAll": "สลับเลือกทุกคอลัมน์",
    "ariaDateFilterInput": "ช่องกรองวันที่",
    "ariaDefaultListName": "รายการ",
    "ariaFilterColumnsInput": "ช่องกรองคอลัมน์",
    "ariaFilterFromValue": "กรองตั้งแต่ค่า",
    "ariaFilterInput": "ช่องกรอง",
    "ariaFilterList": "รายการตัวกรอง",
    "ariaFilterToValue": "กรองถึงค่า",
    "ariaFilterValue": "ค่าที่ใช้กรอง",
    "ariaFilterMenuOpen": "เปิดเมนูตัวกรอง",
    "ariaFilteringOperator": "เงื่อนไขการกรอง",
    "ariaHidden": "ซ่อน",
    "ariaVisible": "แสดง",
    "ariaInputEditor": "ช่องแก้ไข",
    "ariaMenuColumn": "กด ALT ลูกศรลง เพื่อเปิดเมนูคอลัมน์",
    "ariaFilterColumn": "กด CTRL ENTER เพื่อเปิดตัวกรอง",
    "ariaSortableColumn": "กด ENTER เพื่อเรียงลำดับ",
    "ariaSortableColumnWithCellSelection": "กด ALT ENTER เพื่อเรียงลำดับ",
    "ariaColumnGroupExpansion": "กด ENTER เพื่อขยายหรือยุบกลุ่มคอลัมน์นี้",
    "ariaColumnGroupCellSelection": "กด ENTER เพื่อสลับเลือกทุกเซลล์ที่เห็นในกลุ่มคอลัมน์นี้",
    "ariaRowSelectAll": "กด SPACE เพื่อสลับเลือกทุกแถว",
    "ariaRowToggleSelection": "กด SPACE เพื่อสลับเลือกแถว",
    "ariaRowSelect": "กด SPACE เพื่อเลือกแถวนี้",
    "ariaRowDeselect": "กด SPACE เพื่อยกเลิกการเลือกแถวนี้",
    "ariaToggleVisibility": "กด SPACE เพื่อสลับการแสดง",
    "ariaToggleCellValue": "กด SPACE เพื่อสลับค่าในเซลล์",
    "ariaSearch": "ค้นหา",
    "ariaSearchFilterValues": "ค้นหาค่าที่ใช้กรอง",
    "ariaHeaderSelection": "คอลัมน์ที่มีช่องเลือกในหัวคอลัมน์",
    "ariaLabelColumnMenu": "เมนูคอลัมน์",
    "ariaLabelColumnFilter": "ตัวกรองคอลัมน์",
    "ariaLabelDialog": "กล่องโต้ตอบ",
    "ariaLabelCellEditor": "ช่องแก้ไขเซลล์",
    "ariaLabelSelectField": "ช่องเลือก",
    "ariaLabelTooltip": "คำอธิบาย",
    "ariaLabelContextMenu": "เมนูคลิกขวา",
    "ariaLabelSubMenu": "เมนูย่อย",
    "ariaSkeletonCellLoading": "กำลังโหลดข้อมูลแถว",
    "ariaSkeletonCellLoadingFailed": "โหลดแถวไม่สำเร็จ",
    "ariaDeferSkeletonCellLoading": "กำลังโหลดเซลล์",
    "ariaHasNote": "เซลล์นี้มีหมายเหตุ",
    **{m: name for m, name in zip(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"), MONTHS["th"]["full"], strict=True)},
}  # fmt: skip


def grid_locale(lang: str) -> dict[str, str]:
    """`localeText` of an AgGrid in `lang` (English: the grid's own, `{}`)."""
    return GRID_TH if lang == "th" else {}


# plotly.js's own strings (Lib._(gd, "...") in the partial bundle) and its date format for Thai. plotly.js
# ships a locale-th with the months only; the toolbar's tooltips and notices are given here.
PLOTLY_TH: dict = {
    "dictionary": {
        "Autoscale": "ปรับมาตราส่วนอัตโนมัติ",
        "Box Select": "เลือกแบบกรอบสี่เหลี่ยม",
        "Lasso Select": "เลือกแบบบ่วงบาศ",
        "Pan": "เลื่อนภาพ",
        "Zoom": "ซูม",
        "Zoom in": "ขยาย",
        "Zoom out": "ย่อ",
        "Reset": "คืนค่าเดิม",
        "Reset axes": "คืนค่าแกนเดิม",
        "Reset view": "คืนมุมมองเดิม",
        "Reset views": "คืนมุมมองเดิมทั้งหมด",
        "Reset camera to default": "คืนมุมกล้องเริ่มต้น",
        "Reset camera to last save": "คืนมุมกล้องที่บันทึกล่าสุด",
        "Orbital rotation": "หมุนรอบวัตถุ",
        "Turntable rotation": "หมุนแบบแท่นหมุน",
        "Toggle Spike Lines": "เปิด/ปิดเส้นบอกตำแหน่ง",
        "Show closest data on hover": "แสดงข้อมูลที่ใกล้ที่สุดเมื่อชี้",
        "Compare data on hover": "เปรียบเทียบข้อมูลเมื่อชี้",
        "Toggle show closest data on hover": "เปิด/ปิดการแสดงข้อมูลที่ใกล้ที่สุดเมื่อชี้",
        "Download plot as a PNG": "ดาวน์โหลดแผนภูมิเป็นภาพ PNG",
        "Download plot": "ดาวน์โหลดแผนภูมิ",
        "Download plot as JSON": "ดาวน์โหลดแผนภูมิเป็น JSON",
        "Preparing image - this may take a few seconds": "กำลังเตรียมภาพ อาจใช้เวลาสักครู่",
        "Image download succeeded": "ดาวน์โหลดภาพสำเร็จ",
        "Sorry, there was a problem downloading your image!": "ขออภัย ดาวน์โหลดภาพไม่สำเร็จ",
        "Sorry, there was a problem downloading your JSON file!": "ขออภัย ดาวน์โหลดไฟล์ JSON ไม่สำเร็จ",
        "Double-click to zoom back out": "ดับเบิลคลิกเพื่อย่อกลับ",
        "Double-click on legend to isolate one trace": "ดับเบิลคลิกที่คำอธิบายสัญลักษณ์เพื่อแสดงชุดข้อมูลเดียว",
        "Produced with Plotly.js": "สร้างด้วย Plotly.js",
        "Draw line": "วาดเส้นตรง",
        "Draw open freeform": "วาดเส้นอิสระ",
        "Draw closed freeform": "วาดรูปอิสระ",
        "Draw circle": "วาดวงกลม",
        "Draw rectangle": "วาดสี่เหลี่ยม",
        "Erase active shape": "ลบรูปที่เลือก",
        "Cancel": "ยกเลิก",
        "Share": "แชร์",
        "Share chart": "แชร์แผนภูมิ",
        "Share chart...": "แชร์แผนภูมิ...",
    },
    "format": {
        "days": ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"],
        "shortDays": ["อา.", "จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส."],
        "months": list(MONTHS["th"]["full"]),
        "shortMonths": list(MONTHS["th"]["short"]),
        "date": "%d/%m/%Y",
        "decimal": ".",
        "thousands": ",",
    },
}


def graph_locale(lang: str) -> dict:
    """The `locale` of a dcc.Graph's config in `lang` (English: plotly's own, `{}`). The Thai table itself is
    registered with plotly.js once per page (dashboard/app.py, PLOTLY_LOCALE), not sent with every chart."""
    return {"locale": "th"} if lang == "th" else {}


DROPDOWN_TH: dict[str, str] = {
    "select_all": "เลือกทั้งหมด",
    "deselect_all": "ยกเลิกที่เลือกทั้งหมด",
    "selected_count": "เลือกแล้ว {num_selected} รายการ",
    "search": "ค้นหา",
    "clear_search": "ล้างคำค้นหา",
    "clear_selection": "ล้างที่เลือก",
    "no_options_found": "ไม่พบตัวเลือก",
}


def dropdown_labels(lang: str) -> dict:
    """Keyword arguments for a dcc.Dropdown in `lang`: its own texts (`labels`; English: the defaults)."""
    return {"labels": DROPDOWN_TH} if lang == "th" else {}
