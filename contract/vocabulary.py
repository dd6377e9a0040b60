"""Words both halves read: the Thai month names and the rule of a web address. The ETL reads and checks
with them, the dashboard writes and links with them, so the two cannot drift apart.

Plain Python, importing neither half.
"""

from __future__ import annotations

import re
import string
import unicodedata

# The Thai month names, full and abbreviated (the ETL reads them; the generator and
# the dashboard write them from here).
THAI_MONTHS_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")  # fmt: skip
THAI_MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")

# A plain web address: what a record may cite and what the dashboard turns into a link. WEB_URL is the
# load rule (a regular expression for Polars); is_web_url the same rule for one Python string.
URL_MAX = 2_000  # characters: longer addresses break in browsers and spreadsheets
_URL_CHAR = r"(?:[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]|[^\x00-\x7F\p{C}\p{Z}])"
_HOST_CHAR = r"(?:[A-Za-z0-9\-.]|[\p{L}\p{M}\p{N}--\x00-\x7F])"
WEB_URL = rf"^https?://{_HOST_CHAR}+(?::[0-9]{{1,5}})?(?:[/?#]{_URL_CHAR}*)?$"
_URL_ASCII = frozenset(string.ascii_letters + string.digits + "-._~:/?#@!$&'()*+,;=%")
_HOST_ASCII = frozenset(string.ascii_letters + string.digits + "-.")
_URL_SHAPE = re.compile(r"https?://([^/?#]+)(.*)", re.DOTALL)


def is_web_url(text: str | None) -> bool:
    """`web_url` for one Python string (the dashboard links only such addresses)."""
    text = text or ""
    m = _URL_SHAPE.fullmatch(text)
    if m is None or len(text) > URL_MAX:
        return False
    host, rest = m.groups()
    name, colon, port = host.partition(":")
    if colon and not (port.isascii() and port.isdigit() and len(port) <= 5):
        return False
    if not name or not all(c in _HOST_ASCII if c.isascii() else unicodedata.category(c)[0] in "LMN" for c in name):
        return False
    return all(c in _URL_ASCII if c.isascii() else unicodedata.category(c)[0] not in "CZ" for c in rest)
