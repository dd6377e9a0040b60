"""Press-release files -> plain text: .txt (UTF-8 or Thai Windows), a saved web page, a .docx.

The text returned is the one every evidence offset refers to, so it is built once here and never
changed afterwards: HTML loses its tags, scripts and styles (block elements end a line), a .docx
gives one line per paragraph.
"""

from __future__ import annotations

import html
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

MAX_BYTES = 20_000_000  # a press release is a few kilobytes; refuse what cannot be one


class UnreadableRelease(ValueError):
    """A file that cannot be turned into text; the message names the file and why."""


_BLOCK = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "title",
        "dd",
        "dt",
        "figcaption",
        "td",
        "th",
    ]
)
_SKIP = frozenset(["script", "style", "noscript", "template", "svg", "head"])


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP:
            self._skip += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP and self._skip:
            self._skip -= 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def tidy(text: str) -> str:
    """Line ends to \\n, spaces within a line folded, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def html_text(markup: str) -> tuple[str, str | None]:
    """A web page -> (its visible text, its <title>)."""
    p = _Text()
    p.feed(markup)
    p.close()
    title = tidy(html.unescape("".join(p.title))) or None
    return tidy("".join(p.parts)), title


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> tuple[str, str | None]:
    """A Word .docx -> (one line per paragraph, the core title). Read with the standard library."""
    try:
        with zipfile.ZipFile(path) as z:
            size = z.getinfo("word/document.xml").file_size
            if size > MAX_BYTES:  # a zip bomb, or no press release
                raise UnreadableRelease(f"{path.name}: its text is {size:,} bytes unpacked, more than a press release")
            body = z.read("word/document.xml")
            core = z.read("docProps/core.xml") if "docProps/core.xml" in z.namelist() else None
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise UnreadableRelease(f"{path.name}: not a readable .docx ({e})") from e
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as e:
        raise UnreadableRelease(f"{path.name}: word/document.xml is not well-formed XML ({e})") from e
    lines = []
    for para in root.iter(f"{_W}p"):
        bits = []
        for node in para.iter():
            if node.tag == f"{_W}t" and node.text:
                bits.append(node.text)
            elif node.tag == f"{_W}tab":
                bits.append(" ")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                bits.append("\n")
        lines.append("".join(bits))
    title = None
    if core:
        try:
            t = ElementTree.fromstring(core).find("{http://purl.org/dc/elements/1.1/}title")
            title = (t.text or "").strip() or None if t is not None else None
        except ElementTree.ParseError:
            title = None
    return tidy("\n".join(lines)), title


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Thai Windows (cp874)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError as e:
        raise UnreadableRelease(
            f"{name}: neither UTF-8 nor Thai Windows (cp874) text (byte {data[e.start]:#04x} at offset {e.start})"
        ) from e


def read_release(path: Path) -> tuple[str, str | None]:
    """(text, title) of a .txt, .html/.htm or .docx file; other names are read as text."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UnreadableRelease(f"{path}: cannot read ({e.strerror})") from e
    if size > MAX_BYTES:
        raise UnreadableRelease(f"{path.name}: {size:,} bytes, more than a press release ({MAX_BYTES:,} at most)")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_text(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableRelease(f"{path}: cannot read ({e.strerror})") from e
    if data.startswith(b"PK\x03\x04"):
        return docx_text(path)
    text = decode(data, path.name)
    if suffix in (".html", ".htm", ".xhtml") or re.match(r"\s*(<!doctype html|<html)", text[:500], re.I):
        return html_text(text)
    return tidy(text), None
