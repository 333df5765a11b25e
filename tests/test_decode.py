"""Decode stage: bytes in any common encoding become the same clean text."""

from __future__ import annotations

import codecs
import random

import pytest

from generator.decode import decode_bytes, normalise_text
from generator.errors import SourceError

TEXT = "Kim said “it’s a ‘new era’” – the café’s naïve owner agreed… déjà vu in Montréal."


def decoded(raw: bytes) -> str:
    text, _ = decode_bytes(raw, "test.txt")
    return normalise_text(text)


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),  # with BOM, machine order
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # no BOM
        TEXT.encode("utf-16-be"),  # no BOM
        TEXT.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "utf32"],
)
def test_every_encoding_reads_as_the_same_text_with_its_own_quotes_and_dashes(raw):
    assert decoded(raw) == TEXT


def test_latin1_accents_read_right():
    text = "À Montréal, l'hiver - non, l'été: «très chaud», dit-il. Ça va. Größe: 5 °C, ½ kg."
    assert decoded(text.encode("latin-1")) == text


def test_a_cp1252_quote_pasted_into_utf8_text_is_read_as_a_quote():
    raw = "Café owner said ".encode() + "“no”".encode("cp1252") + b" to the plan."
    assert decoded(raw) == "Café owner said “no” to the plan."


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("He said â€œnoâ€\x9d to the plan", "He said “no” to the plan"),
        ("The cafÃ© opened", "The café opened"),
        ("Kim Jong-unâ€™s car", "Kim Jong-un’s car"),
        ("the price â€“ 10 euros", "the price – 10 euros"),
    ],
)
def test_mojibake_is_repaired(broken, fixed):
    assert decoded(broken.encode("utf-8")) == fixed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("he said. \ufffdREUTERS", "he said. REUTERS"),
        ("a\u00a0Mercedes\u00a0limo", "a Mercedes limo"),
        ("thin\u2009space and\u202fnarrow", "thin space and narrow"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        ("double  spaced   words", "double spaced words"),
        ("trailing spaces   \nnext line", "trailing spaces\nnext line"),
        ("windows\r\nline\rends", "windows\nline\nends"),
        ("\tindented\r\nComment\tGift Article\t\tShare\r\n", " indented\nComment Gift Article Share\n"),
        ("straight \"quotes\" and 'single' stay", "straight \"quotes\" and 'single' stay"),
        ("dashes – and — stay", "dashes – and — stay"),
    ],
)
def test_odd_characters_are_normalised(raw, expected):
    assert decoded(raw.encode("utf-8")) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "binary"),
    ],
)
def test_empty_and_binary_input_is_refused_with_a_clear_message(raw, problem):
    with pytest.raises(SourceError) as caught:
        decode_bytes(raw, "content/raw/bad.txt")
    message = str(caught.value)
    assert message.startswith("content/raw/bad.txt: decode:")
    assert problem in message


def test_the_seeds_decode_without_replacement_characters(seed_docs):
    for name, doc in seed_docs.items():
        assert "\ufffd" not in doc.text, name
        assert "\u00a0" not in doc.text, name


@pytest.mark.parametrize(
    "raw",
    [b"Story text. " * 20, b"<!DOCTYPE html><html><body><p>" + b"Story text. " * 20 + b"</p></body></html>"],
)
def test_a_file_over_the_size_limit_is_refused_before_anything_reads_it(raw, monkeypatch):
    from generator import decode
    from generator.config import Settings
    from generator.document import Document

    monkeypatch.setattr(decode, "MAX_BYTES", 100)  # the limit is the same whether the page is text or HTML
    with pytest.raises(SourceError, match="over the 100 limit"):
        decode.run(Document(source="big.txt", source_sha256="0" * 64, raw=raw), Settings())


# Pieces a scraped text is made of, and the ones that made cleaning read differently the second
# time: entities next to '<', entities of entities, mojibake beside odd spaces.
_PIECES = [
    "&amp;", "&amp;lt;", "&lt;b&gt;", "<", ">", "<b>", "&#60;", "&#x3C;", "&nbsp;", "\u00a0", "Ã©",
    "&Atilde;&copy;", "café", " ", "\n", "\t", "word", "AT&T", "&copy", "&#0;", "\u200b", "\x07",
    "&amp;amp;quot;", "Â", "\u2019", "â€œ", "\ufffd", "\r\n", "\u2028", "Ð¼Ð¾Ñ", "“", "—",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_normalising_is_idempotent_on_its_own_output(seed: int):
    """A property over generated texts (seeded, so a failure can be replayed): clean(clean(x)) == clean(x)."""
    generator = random.Random(seed)
    for _ in range(25):
        text = "".join(generator.choice(_PIECES) for _ in range(generator.randint(1, 40)))
        once = normalise_text(text)
        assert normalise_text(once) == once, repr(text)


def test_entities_are_decoded_whether_or_not_the_text_has_a_tag():
    assert normalise_text("AT&amp;T <b> wins") == "AT&T <b> wins"
    assert normalise_text("AT&amp;T wins") == "AT&T wins"
    assert normalise_text("&amp;lt;script&amp;gt;") == "<script>"
