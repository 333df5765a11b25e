"""Edit preservation: a person's edit to an article survives every regeneration.

Beside each article the generator keeps a record of what it generated last time (the base):
a fingerprint of every front-matter field and of every body paragraph, plus the hash of the
raw source, in ``<articles>/.generated/<name>.json`` (a dot folder, so MkDocs does not
publish it and the Markdown stays free of bookkeeping). On regeneration each field is merged
three ways, like a version-control merge:

- the file's value equals the base: the person did not touch it, the new generation wins;
- the file's value differs from the base: the person edited it, their value is kept;
- and if the raw source changed too (``source_sha256`` differs from the base) while the
  generator now makes something else for that field, it is a conflict: the person's value
  is still kept, and the conflict is reported with both values.

Quotes are merged quote by quote (known by their text), so correcting one speaker does not
freeze the others. The body is merged paragraph by paragraph while the paragraphs line up
(same number in the base, the file and the new generation), else as a whole. Where a person
rewrote a paragraph, the generated summary sentences and quotes taken from it follow their text
(the nearest sentence or quotation of the new wording, or dropped when there is none), unless they
edited those fields too: a summary stays verbatim without being edited twice. A file without a base record (made
before this record existed, or its record lost) is treated as all edits: nothing is thrown
away; ``overwrite`` discards the edits on purpose.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from generator import articles, markdown_text, text

GENERATED_DIR = ".generated"
# Identity and provenance always describe the latest generation.
ALWAYS_GENERATED = ("source", "source_sha256")
# A flag that marks a value as machine-made goes away once a person edits that value.
MACHINE_MADE_FLAGS = {"title": "title_generated"}
# Lists merged item by item, each item known by one of its keys.
KEYED_LISTS = {"quotes": "text"}
_ABSENT = "\x00absent"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SHOWN_CHARACTERS = 300
# How close (rapidfuzz ratio, 0-100) a sentence or quotation of a rewritten paragraph must be to
# the generated one to take its place: an edited word or two, not a different sentence.
_CARRY_SIMILARITY = 60


@dataclass(frozen=True, slots=True)
class Conflict:
    path: str
    field: str
    yours: Any
    generated: Any

    def __str__(self) -> str:
        return (
            f"{self.path}: conflict: {self.field}: the raw source changed under your edit; "
            f"kept yours: {_show(self.yours)}; the generator now makes: {_show(self.generated)}"
        )


@dataclass(frozen=True, slots=True)
class Merged:
    text: str  # the article to write
    record: str  # the base record to write beside it
    kept: tuple[str, ...] = ()  # fields (and "body") kept from the person
    conflicts: tuple[Conflict, ...] = ()
    title_changed: bool = False  # the title differs from the one written last time (the file is renamed)


def _show(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= _SHOWN_CHARACTERS else shown[: _SHOWN_CHARACTERS - 1] + "…"


def fingerprint(value: Any) -> str:
    """A short hash of a value as YAML reads it back (dates as ISO text, key order ignored)."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, default=_iso)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def record_path(article: Path) -> Path:
    return article.parent / GENERATED_DIR / f"{article.stem}.json"


def blocks(body: str) -> list[str]:
    """The paragraphs (blank-line separated blocks) of a Markdown body."""
    stripped = body.strip("\n")
    return _BLANK_LINE.split(stripped) if stripped.strip() else []


def _join(parts: list[str]) -> str:
    return "\n" + "\n\n".join(parts) + "\n" if parts else "\n"


def record(meta: dict[str, Any], body: str, written_title: Any = _ABSENT) -> str:
    """``written_title``: the title the article file got (a person's, or the generated one)."""
    data = {
        "source": meta.get("source"),
        "source_sha256": meta.get("source_sha256"),
        "fields": {key: fingerprint(value) for key, value in meta.items()},
        "body": [fingerprint(part) for part in blocks(body)],
        "items": {
            key: {_item_key(item, key): fingerprint(item) for item in meta[key]}
            for key in KEYED_LISTS
            if _is_keyed_list(meta.get(key), key)
        },
        # The tags as generated, so that the check command warns only about the ones a person added.
        "tags": [str(tag) for tag in meta.get("tags") or [] if isinstance(tag, str)],
        # What the file name was made from, so that a changed title renames the file and a file
        # renamed by hand keeps its name.
        "title_written": fingerprint(meta.get("title") if written_title is _ABSENT else written_title),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _base_fingerprint(base: dict[str, Any], key: str) -> str:
    return base["fields"].get(key, fingerprint(_ABSENT))


def _merge_fields(
    new: dict[str, Any], current: dict[str, Any], base: dict[str, Any] | None, source_changed: bool, shown: str
) -> tuple[dict[str, Any], list[str], list[Conflict]]:
    merged: dict[str, Any] = {}
    kept: list[str] = []
    conflicts: list[Conflict] = []
    for key in [*new, *(k for k in current if k not in new)]:
        new_value, current_value = new.get(key, _ABSENT), current.get(key, _ABSENT)
        if key in ALWAYS_GENERATED or fingerprint(current_value) == fingerprint(new_value):
            chosen = new_value
        elif base is not None and fingerprint(current_value) == _base_fingerprint(base, key):
            chosen = new_value  # untouched by the person: follows the generator
        elif key in KEYED_LISTS and _items_of(base, key) is not None and _is_keyed_list(current_value, key):
            chosen, item_conflicts = _merge_items(key, new_value, current_value, _items_of(base, key), shown)
            kept.append(key)
            conflicts += item_conflicts if source_changed else []
        else:
            chosen = current_value
            kept.append(key)
            if source_changed and (base is None or fingerprint(new_value) != _base_fingerprint(base, key)):
                conflicts.append(Conflict(shown, key, _plain(current_value), _plain(new_value)))
        if chosen is not _ABSENT:
            merged[key] = chosen
    for value_key, flag in MACHINE_MADE_FLAGS.items():
        flag_untouched = base is not None and fingerprint(current.get(flag, _ABSENT)) == _base_fingerprint(base, flag)
        if value_key in kept and flag in merged and (flag_untouched or flag not in current):
            del merged[flag]
    return merged, kept, conflicts


def _is_keyed_list(value: Any, key: str) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) and KEYED_LISTS[key] in item for item in value)


def _item_key(item: dict[str, Any], key: str) -> str:
    return fingerprint(item.get(KEYED_LISTS[key]))


def _items_of(base: dict[str, Any] | None, key: str) -> dict[str, str] | None:
    lists = (base or {}).get("items")
    items = lists.get(key) if isinstance(lists, dict) else None
    return items if isinstance(items, dict) else None


def _merge_items(
    key: str, new: Any, current: list[dict[str, Any]], base: dict[str, str], shown: str
) -> tuple[list[dict[str, Any]], list[Conflict]]:
    """Item by item (quotes by their text): an edited quote is kept, the others follow the generator.

    A quote the person deleted stays deleted; one they added stays; one the generator no longer
    finds goes, unless the person edited it.
    """
    new_items = new if _is_keyed_list(new, key) else []
    mine = {_item_key(item, key): item for item in current}
    merged, conflicts, used = [], [], set()
    for index, theirs in enumerate(new_items):
        identity = _item_key(theirs, key)
        if identity in mine:
            used.add(identity)
            edited = fingerprint(mine[identity]) != base.get(identity, fingerprint(theirs))
            merged.append(mine[identity] if edited else theirs)
            if edited and identity in base and fingerprint(theirs) != base[identity]:
                conflicts.append(Conflict(shown, f"{key}[{index}]", mine[identity], theirs))
        elif identity not in base:
            merged.append(theirs)  # new from the generator
    for identity, item in mine.items():
        if identity not in used and (identity not in base or fingerprint(item) != base[identity]):
            merged.append(item)  # added or edited by the person
    return merged, conflicts


def _plain(value: Any) -> Any:
    return None if value is _ABSENT else value


def _merge_body(
    new: str, current: str, base: dict[str, Any] | None, source_changed: bool, shown: str
) -> tuple[str, bool, list[Conflict]]:
    """(body, kept any of the person's text, conflicts)."""
    new_parts, current_parts = blocks(new), blocks(current)
    current_prints = [fingerprint(part) for part in current_parts]
    new_prints = [fingerprint(part) for part in new_parts]
    if current_prints == new_prints:
        return new, False, []
    base_prints = base["body"] if base is not None else None
    if current_prints == base_prints:
        return new, False, []
    if base_prints is not None and len(base_prints) == len(current_parts) == len(new_parts):
        merged, edited, conflicts = [], [], []
        for number, (mine, theirs, before) in enumerate(zip(current_parts, new_parts, base_prints, strict=True), 1):
            if fingerprint(mine) == before or mine == theirs:
                merged.append(theirs)
                continue
            merged.append(mine)
            edited.append(number)
            if source_changed and fingerprint(theirs) != before:
                conflicts.append(Conflict(shown, f"body paragraph {number}", mine, theirs))
        return _join(merged), bool(edited), conflicts
    conflicts = []
    if source_changed and new_prints != base_prints:
        conflicts.append(Conflict(shown, "body", current.strip(), new.strip()))
    return current, True, conflicts


def _squash(value: str) -> str:
    return " ".join(value.split())


def rewritten_paragraphs(generated: str, merged: str) -> list[tuple[str, str]]:
    """(generated text, the person's text) of each generated paragraph a person rewrote, as plain
    text; a paragraph they deleted pairs with ""."""
    before = [markdown_text.plain(part) for part in blocks(generated)]
    after = [markdown_text.plain(part) for part in blocks(merged)]
    pairs = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, first, last, start, end in matcher.get_opcodes():
        if operation in ("replace", "delete"):
            replacements = after[start:end] if operation == "replace" else []
            for offset, paragraph in enumerate(before[first:last]):
                pairs.append((paragraph, replacements[offset] if offset < len(replacements) else ""))
    return pairs


def _nearest(wanted: str, candidates: list[str]) -> str | None:
    scored = [(fuzz.ratio(wanted, candidate), candidate) for candidate in candidates if candidate.strip()]
    best = max(scored, default=(0, None), key=lambda pair: pair[0])
    return best[1] if best[0] >= _CARRY_SIMILARITY else None


def _source_paragraph(passage: str, rewritten: list[tuple[str, str]]) -> tuple[str, str] | None:
    needle = _squash(passage)
    return next(((old, new) for old, new in rewritten if needle in _squash(old) and needle not in _squash(new)), None)


def carry_body_edits(meta: dict[str, Any], rewritten: list[tuple[str, str]]) -> dict[str, Any]:
    """The generated summary and quotes moved onto the person's wording of their paragraphs."""
    if not rewritten:
        return meta
    carried = dict(meta)
    if articles.is_str_list(meta.get("summary")):
        summary = []
        for sentence in meta["summary"]:
            paragraph = _source_paragraph(sentence, rewritten)
            if paragraph is None:
                summary.append(sentence)
            elif (nearest := _nearest(sentence, text.sentences_of(paragraph[1]))) and nearest not in summary:
                summary.append(nearest)
        carried["summary"] = summary
    if _is_keyed_list(meta.get("quotes"), "quotes"):
        quotes = []
        for quote in meta["quotes"]:
            paragraph = _source_paragraph(str(quote["text"]), rewritten)
            if paragraph is None:
                quotes.append(quote)
                continue
            spans = [paragraph[1][start:end] for start, end, _closed in text.quotation_spans(paragraph[1])]
            if nearest := _nearest(str(quote["text"]), spans):
                # “…for five decades,” said he: the comma is the sentence's, as the generator has it.
                trimmed = nearest.strip().rstrip(",;:") if not str(quote["text"]).endswith((",", ";", ":")) else nearest
                quotes.append(quote | {"text": trimmed})
        carried["quotes"] = quotes
    return carried


def merge(
    new_meta: dict[str, Any],
    new_body: str,
    current_text: str | None,
    base: dict[str, Any] | None,
    shown: str,
) -> Merged:
    """Merge the new generation into the article as it is on disk (None: no file yet).

    An article on disk that cannot be read raises ``articles.Unreadable``: it is left exactly as it is.
    """
    if current_text is None:
        return Merged(articles.join(new_meta, new_body), record(new_meta, new_body))
    current = articles.parse(current_text, shown)
    current_meta, current_body = current.meta, current.body
    before = (base or {}).get("source_sha256") or current_meta.get("source_sha256")
    source_changed = before != new_meta.get("source_sha256")
    body, body_kept, body_conflicts = _merge_body(new_body, current_body, base, source_changed, shown)
    # The generation as it fits the body the person wrote; it is also the base of the next merge,
    # so that next time the carried summary reads as the generator's, not as an edit.
    new_meta = carry_body_edits(new_meta, rewritten_paragraphs(new_body, body) if body_kept else [])
    meta, kept, conflicts = _merge_fields(new_meta, current_meta, base, source_changed, shown)
    if body_kept:
        kept.append("body")
    if fingerprint(meta) == fingerprint(current_meta) and body == current_body:
        text_out = current_text  # nothing new: the person's file stays byte for byte (comments, layout)
    else:
        text_out = articles.join(meta, body)
    # A record from before "title_written" existed: the file was named after the generated title.
    written_before = (base.get("title_written") or _base_fingerprint(base, "title")) if base else None
    title_changed = written_before is not None and written_before != fingerprint(meta.get("title"))
    return Merged(
        text_out,
        record(new_meta, new_body, meta.get("title")),
        tuple(kept),
        tuple(conflicts + body_conflicts),
        title_changed,
    )


def load_record(path: Path) -> dict[str, Any] | None:
    """The base record, or None when it is missing or unusable (then every difference is an edit)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict) or not isinstance(data.get("body"), list):
        return None
    return data


def merge_file(path: Path, new_meta: dict[str, Any], new_body: str, shown: str, overwrite: bool = False) -> Merged:
    """Merge with the article at ``path``; a missing file (deleted, or new) is generated afresh."""
    if overwrite or not path.is_file():
        return merge(new_meta, new_body, None, None, shown)
    current = articles.read_text(path)
    return merge(new_meta, new_body, current, find_record(path, new_meta.get("source")), shown)


def find_record(article: Path, source: Any) -> dict[str, Any] | None:
    """The base record of ``source``: beside the article's name, else under a former name (a renamed file)."""
    base = load_record(record_path(article))
    if base is not None and base.get("source") == source:
        return base
    # Rare: the file was renamed, or its name was used by another article before.
    for candidate in sorted(record_path(article).parent.glob("*.json")):
        base = load_record(candidate)
        if base is not None and base.get("source") == source and not (article.parent / f"{candidate.stem}.md").exists():
            return base
    return None
