"""Quotes stage: direct quotations with their speaker and role, by rules for news prose.

A quotation is text between matching quotation marks (straight or curly). Its speaker is
the subject of a reporting verb next to it ("..., said Duyeon Kim, of the Center...",
"Professor Bucy said: ..."); a pronoun resolves to the last named person before it. When
the text does not say who spoke, the speaker is None.
"""

from __future__ import annotations

import re

from generator import entities
from generator.config import Settings
from generator.document import Document, Quote

_QUOTED = re.compile(r"“(?P<curly>[^“”]{2,1500})”|\"(?P<straight>[^\"]{2,1500})\"")
_VERB = r"(?:said|says|told|added|explained|observed|noted|wrote|declared|stated|warned|insisted|argued|continued)"
_TITLES = r"(?:Professor|Prof\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|President|Minister)"
_NAME = rf"(?P<GROUP>(?:{_TITLES}\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,3}})"
_AFTER = re.compile(
    rf"^[,]?\s*(?:{_VERB}\s+{_NAME.replace('GROUP', 'name')}|{_NAME.replace('GROUP', 'subject')}\s+{_VERB})"
    r"(?P<role>,\s*[^.,;“\"]{3,90})?"
)
_BEFORE = re.compile(rf"{_NAME.replace('GROUP', 'name')}\s+{_VERB}(?:\s+that)?\s*[:,]?\s*$")
_PRONOUN_AFTER = re.compile(rf"^[,]?\s*(?:he|she)\s+{_VERB}|^[,]?\s*{_VERB}\s+(?:he|she)", re.IGNORECASE)
_PRONOUN_BEFORE = re.compile(rf"\b(?:he|she)\s+{_VERB}(?:\s+that)?\s*[:,]?\s*$", re.IGNORECASE)
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,2}\b")
_ROLE_TRIM = re.compile(r"^,\s*(?:of\s+(?:the\s+)?|a\s+|an\s+|the\s+)?")
_MIN_CALLOUT_WORDS = 8


def _speaker_role(before: str, after: str, last_person: str | None) -> tuple[str | None, str | None]:
    match = _AFTER.match(after)
    if match:
        role = match.group("role")
        return match.group("name") or match.group("subject"), _ROLE_TRIM.sub("", role).strip() if role else None
    match = _BEFORE.search(before)
    if match:
        return match.group("name"), None
    if _PRONOUN_AFTER.match(after) or _PRONOUN_BEFORE.search(before):
        return last_person, None
    return None, None


def extract(doc: Document, settings: Settings) -> tuple[Quote, ...]:
    found: list[Quote] = []
    last_person: str | None = None
    for index, paragraph in enumerate(doc.paragraphs):
        if paragraph.kind != "text":
            continue
        text = paragraph.text
        position = 0
        for match in _QUOTED.finditer(text):
            quoted = (match.group("curly") or match.group("straight")).strip()
            before, after = text[position : match.start()], text[match.end() :]
            for person in _PERSON.findall(before):
                last_person = person
            speaker, role = _speaker_role(before, after, last_person)
            if speaker:
                speaker = entities.canonical(speaker, settings) or speaker
                last_person = speaker
            words = len(quoted.split())
            found.append(Quote(quoted, speaker, role, index, callout=words >= _MIN_CALLOUT_WORDS))
            position = match.end()
    return tuple(found)


def run(doc: Document, settings: Settings) -> Document:
    return doc.with_(quotes=extract(doc, settings))
