"""Decode stage: raw bytes to clean Unicode text.

Charset detection on the bytes: BOMs first, then UTF-16 without a BOM (zero bytes), UTF-8,
UTF-8 with a few stray cp1252 bytes (each read as cp1252), cp1252/latin-1 Western text, and
charset-normalizer for the rest. Then mojibake repair with ftfy, lost bytes (``\ufffd``)
dropped, and odd spaces, invisible characters and space runs normalised. The text's own
quotes and dashes stay.

A raw file that is an HTML page (``generator.html_source`` sniffs it) is read with trafilatura
instead: its main text, one block per line, under a front-matter block of what the page's markup
says (title, date, authors, site name), which the clean stage records as the source's own front
matter and the metadata stage prefers. No markup or script of the page goes further.
"""

from __future__ import annotations

import codecs
import html
import re

import ftfy
from charset_normalizer import from_bytes

from generator import html_source
from generator.config import Settings
from generator.document import Document
from generator.errors import SourceError

MAX_BYTES = 5_000_000  # a news text is far smaller; bigger input is a mistake, not an article

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Non-breaking, thin, figure, ideographic and other spaces read as a plain space.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A lost byte glued to a word (``\ufffdREUTERS``) is noise: drop the marker, keep the word.
_LOST_BYTE = re.compile("\ufffd+")
# A tab inside a line is a pasted column or toolbar gap: it reads as a space.
_SPACE_RUN = re.compile(r"[ \t]{2,}|\t")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def _cp1252_byte(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode error handler: a byte that is not UTF-8 is read as cp1252 (latin-1 where cp1252 has a hole)."""
    chunk = error.object[error.start : error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in chunk), error.end


codecs.register_error("newsdossier-cp1252", _cp1252_byte)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM: Latin text has a zero in every other byte, on one side."""
    if len(raw) < 2 or raw.count(b"\x00") <= len(raw) // 4:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    return "utf-16-le" if odd > even else "utf-16-be"


def _mostly_utf8(raw: bytes) -> bool:
    """UTF-8 text with a few stray single-byte characters (a cp1252 quote pasted into UTF-8)."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    return good > 0 and bad <= good


def _guess_encoding(raw: bytes) -> str | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    if utf16 := _utf16_without_bom(raw):
        return utf16
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(raw):
        return "utf-8+cp1252"
    if _reads_as_western(raw):
        return "cp1252"
    best = from_bytes(raw).best()
    return best.encoding if best is not None else None


def _reads_as_western(raw: bytes) -> bool:
    """True for cp1252/latin-1 text: accents are scattered among ASCII letters.

    Short Latin text is ambiguous to statistical detectors (they name Farsi or Cyrillic
    code pages); text in another script decoded as cp1252 is nearly all accented letters.
    """
    text = raw.decode("cp1252", errors="newsdossier-cp1252")
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    foreign = sum(1 for c in letters if not c.isascii())
    return foreign / len(letters) < 0.3


def _check_limits(raw: bytes, source: str) -> None:
    """SourceError for an empty file or one over the size limit, whatever reads it next."""
    if not raw.strip():
        raise SourceError(source, "decode", "the file is empty")
    if len(raw) > MAX_BYTES:
        raise SourceError(source, "decode", f"the file is {len(raw):,} bytes, over the {MAX_BYTES:,} limit")


def decode_bytes(raw: bytes, source: str) -> tuple[str, str]:
    """The text and the encoding it was read with; SourceError for empty or binary input."""
    _check_limits(raw, source)
    encoding = _guess_encoding(raw)
    if encoding is None:
        raise SourceError(source, "decode", "the bytes are not text in any known encoding (binary file?)")
    if encoding == "utf-8+cp1252":
        text = raw.decode("utf-8", errors="newsdossier-cp1252")
    elif encoding == "cp1252":
        text = raw.decode("cp1252", errors="newsdossier-cp1252")  # latin-1 for the five bytes cp1252 lacks
    else:
        text = raw.decode(encoding, errors="replace")
    noise = text.count("\ufffd") + len(_CONTROL.findall(text))
    if noise > max(8, len(text) // 50) or "\x00" in text:
        raise SourceError(source, "decode", f"the file does not read as {encoding} text (binary file?)")
    return text, encoding


# An entity as ftfy and browsers read one: named or numeric, ended by ';'.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ROUNDS = 8  # '&amp;amp;lt;' unwinds one level a round; real text is done after one or two


def _normalise_once(text: str) -> str:
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True, normalization="NFC", unescape_html=False)
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    text = _LOST_BYTE.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    text = _SPACE_RUN.sub(" ", text)
    return _TRAILING_SPACE.sub("", text)


def normalise_text(text: str) -> str:
    """Mojibake repaired, HTML entities decoded, invisible and odd characters gone, until a round
    changes nothing: cleaning is idempotent on its own output.

    ftfy alone decodes entities only in a text with no '<' in it, and a repair can reveal another
    (an entity decoded, or spaces merged, next to mojibake), so one pass would read differently
    the second time.
    """
    for _ in range(_ROUNDS):
        again = _normalise_once(text)
        if again == text:
            break
        text = again
    return text


def run(doc: Document, settings: Settings) -> Document:
    _check_limits(doc.raw, doc.source)  # before trafilatura too: a huge page must not reach the extractor
    if html_source.is_html(doc.raw):
        page = html_source.read(doc.raw, doc.source)
        if page is not None:
            return doc.with_(text=normalise_text(page.text), encoding=page.encoding, extracted_by="trafilatura").note(
                "the source is an HTML page: its main text and metadata read with trafilatura"
            )
    text, encoding = decode_bytes(doc.raw, doc.source)
    return doc.with_(text=normalise_text(text), encoding=encoding)
