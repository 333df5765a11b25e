"""Decode stage: raw bytes to clean Unicode text.

Charset detection on the bytes (BOMs first, then UTF-8, then charset-normalizer), mojibake
repair with ftfy, and normalisation of odd spaces. The text's own quotes and dashes stay.
"""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

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


def _guess_encoding(raw: bytes) -> str | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    if len(raw) >= 2 and raw.count(b"\x00") > len(raw) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        return "utf-16-le" if raw[1] == 0 else "utf-16-be"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _reads_as_western(raw):
        return "cp1252"
    best = from_bytes(raw).best()
    return best.encoding if best is not None else None


def _reads_as_western(raw: bytes) -> bool:
    """True for cp1252/latin-1 text: accents are scattered among ASCII letters.

    Short Latin text is ambiguous to statistical detectors (they name Farsi or Cyrillic
    code pages); text in another script decoded as cp1252 is nearly all accented letters.
    """
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    foreign = sum(1 for c in letters if not c.isascii())
    return foreign / len(letters) < 0.3


def decode_bytes(raw: bytes, source: str) -> tuple[str, str]:
    """The text and the encoding it was read with; SourceError for empty or binary input."""
    if not raw.strip():
        raise SourceError(source, "decode", "the file is empty")
    if len(raw) > MAX_BYTES:
        raise SourceError(source, "decode", f"the file is {len(raw):,} bytes, over the {MAX_BYTES:,} limit")
    encoding = _guess_encoding(raw)
    if encoding is None:
        raise SourceError(source, "decode", "the bytes are not text in any known encoding (binary file?)")
    text = raw.decode(encoding, errors="replace")
    if _CONTROL.sub("", text).count("\ufffd") > max(8, len(text) // 50) or "\x00" in text:
        raise SourceError(source, "decode", f"the file does not read as {encoding} text (binary file?)")
    return text, encoding


def normalise_text(text: str) -> str:
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True, normalization="NFC")
    text = _LOST_BYTE.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    return text


def run(doc: Document, settings: Settings) -> Document:
    text, encoding = decode_bytes(doc.raw, doc.source)
    return doc.with_(text=normalise_text(text), encoding=encoding)
