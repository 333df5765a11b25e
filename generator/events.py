"""Events stage (corpus-wide): articles grouped into the events they cover.

Dated articles published within ``GAP_DAYS`` of each other form one event's coverage.
``content/data/events.yml`` names events and corrects the grouping: an article dated between
an event's ``start`` and ``end`` belongs to it, and ``sources`` pins named raw files to it.
An undated article (a transcript, a page that only says "5 months ago") joins the event whose
coverage it resembles most: the cosine similarity of TF-IDF word weights, plus the places and
people they share. The surest undated article is placed first, so that it helps place the
next. An event no data entry names is called after its month and its most-named place (a curated
place, else the place of its datelines).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np

from generator import names
from generator.config import Event, Settings
from generator.dates import dateline_day, find_dateline
from generator.document import Document
from generator.lexicon import Lexicon

GAP_DAYS = 7  # coverage more than a week apart is of different events
MIN_SIMILARITY = 0.05  # an undated article less similar than this to every event stays unassigned
ENTITY_WEIGHT = 0.1  # weight of shared places and people (Jaccard) next to the text similarity


@dataclass(slots=True)
class _Cluster:
    members: list[int] = field(default_factory=list)  # indexes into the document list
    name: str | None = None  # a curated name, when the data file names the event


def _dated_clusters(docs: list[Document], settings: Settings) -> list[_Cluster]:
    curated = settings.data.events
    by_name: dict[str, _Cluster] = {}
    free: list[int] = []
    for index, doc in enumerate(docs):
        event: Event | None = next((e for e in curated if doc.source in e.sources), None)
        if event is None and doc.date:
            event = next((e for e in curated if e.start <= doc.date <= e.end), None)
        if event is not None:
            by_name.setdefault(event.name, _Cluster(name=event.name)).members.append(index)
        elif doc.date:
            free.append(index)
    clusters = list(by_name.values())
    current: _Cluster | None = None
    for index in sorted(free, key=lambda i: (docs[i].date, docs[i].source)):
        last = docs[current.members[-1]].date if current else None
        if current is None or (docs[index].date - last).days > GAP_DAYS:
            current = _Cluster()
            clusters.append(current)
        current.members.append(index)
    return clusters


def _vectors(docs: list[Document]) -> np.ndarray:
    """TF-IDF word weights of each document (rows of unit length)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # 1-2 s to import: only when a build needs it

    texts = [doc.title + "\n" + doc.body_text for doc in docs]
    try:
        return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    except ValueError:  # no words at all (every text empty or stop words only)
        return np.zeros((len(docs), 1))


def _resemblance(index: int, cluster: _Cluster, vectors: np.ndarray, named: list[set[str]]) -> float:
    """How much a document resembles an event's coverage: cosine to its centroid, plus shared entities."""
    centroid = vectors[cluster.members].mean(axis=0)
    norm = float(np.linalg.norm(centroid) * np.linalg.norm(vectors[index]))
    text = float(vectors[index] @ centroid) / norm if norm else 0.0
    theirs = set().union(*(named[i] for i in cluster.members))
    union = named[index] | theirs
    return text + ENTITY_WEIGHT * (len(named[index] & theirs) / len(union) if union else 0.0)


def _place_undated(docs: list[Document], clusters: list[_Cluster], settings: Settings) -> None:
    waiting = [i for i, doc in enumerate(docs) if not any(i in c.members for c in clusters)]
    if not waiting or not clusters:
        return
    vectors = _vectors(docs)
    named = [set(names.find(doc.title + "\n" + doc.body_text, settings)) for doc in docs]
    while waiting:
        # The surest placement first; its event's coverage then includes it for the next one.
        score, index, number = max(
            ((_resemblance(i, c, vectors, named), -i, -n) for i in waiting for n, c in enumerate(clusters)),
        )
        index, number = -index, -number
        if score < MIN_SIMILARITY:
            return
        clusters[number].members.append(index)
        waiting.remove(index)


def _place_name(dateline: str, settings: Settings) -> str:
    """A dateline's place as a name: the curated one it stands for, else in title case ("LONDON": "London")."""
    known = names.canonical(dateline, settings)
    return known or (dateline.title() if dateline.isupper() else dateline)


def _auto_name(docs: list[Document], cluster: _Cluster, settings: Settings) -> str:
    first = min(docs[i].date for i in cluster.members if docs[i].date)
    kinds = {e.name: e.kind for e in settings.data.entities}
    places: Counter[str] = Counter()
    for i in cluster.members:
        for mention in names.mentions(docs[i].title + "\n" + docs[i].body_text, settings):
            if kinds.get(mention.name) == "place":
                places[mention.name] += 1
    if not places:
        # No curated place named: the datelines ("LONDON, May 22") say where the stories were filed.
        places.update(_place_name(docs[i].dateline, settings) for i in cluster.members if docs[i].dateline)
    place = min(places.items(), key=lambda pair: (-pair[1], pair[0]))[0] if places else None
    return f"{first:%Y-%m} {place} coverage" if place else f"{first:%Y-%m} coverage"


def _dateline_date(doc: Document, cluster: _Cluster, docs: list[Document], lexicon: Lexicon) -> Document:
    """An undated article whose dateline gives the day without the year ("LONDON, May 22 (Reuters) -")
    takes the year of its event's coverage, when the day then falls within a week of it."""
    dated = [docs[i].date for i in cluster.members if docs[i].date]
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    dateline = find_dateline(first, lexicon)
    if doc.date or not dated or not dateline or not dateline.when:
        return doc
    found = dateline_day(dateline.when, max(dated) + timedelta(days=GAP_DAYS), lexicon)
    if found is None or not min(dated) - timedelta(days=GAP_DAYS) <= found:
        return doc
    return doc.with_(date=found).note(
        f"metadata: date {found.isoformat()} from the dateline's {dateline.when!r} and the year of its event"
    )


def assign(docs: list[Document], settings: Settings) -> list[Document]:
    clusters = _dated_clusters(docs, settings)
    _place_undated(docs, clusters, settings)
    event_of: dict[int, str] = {}
    for cluster in clusters:
        name = cluster.name or _auto_name(docs, cluster, settings)
        for index in cluster.members:
            event_of[index] = name
            docs = [
                *docs[:index],
                _dateline_date(docs[index], cluster, docs, settings.data.lexicon),
                *docs[index + 1 :],
            ]
    return [doc.with_(event=event_of.get(index)) for index, doc in enumerate(docs)]
