"""Events stage (corpus-wide): articles grouped into the events they cover.

``content/data/events.yml`` names events and corrects the grouping: an article dated between
an event's ``start`` and ``end`` belongs to it, and ``sources`` pins named raw files to it.

The other dated articles are read in date order. Each joins the open event it resembles most
(the cosine similarity of TF-IDF word weights to the event's coverage so far), or starts an
event of its own when none is open or none is about the same thing. An event is open while its
latest article is at most ``GAP_DAYS`` old and its first at most ``MAX_SPAN_DAYS``: a dossier
with an article a week thus gets one event per story and period, never one chain of months.

An undated article (a transcript, a page that only says "5 months ago") then joins the event
whose coverage it resembles most: the cosine similarity to the event's word weights, plus the
places and people they share. Every undated article is scored against the same summaries of the
dated coverage, in one pass, so the placement is linear in the corpus and independent of order.
An event no data entry names is called after its month and its most-named place (a curated
place, else the place of its datelines).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from scipy import sparse

from generator import names
from generator.config import Event, Settings
from generator.dates import dateline_day, find_dateline
from generator.document import Document
from generator.lexicon import Lexicon

GAP_DAYS = 7  # coverage more than a week after an event's latest article is of another event
MAX_SPAN_DAYS = 21  # an event the generator finds covers at most three weeks from its first article
TOPIC_SIMILARITY = 0.05  # a dated article less similar than this to an open event starts its own
MIN_SIMILARITY = 0.05  # an undated article less similar than this to every event stays unassigned
ENTITY_WEIGHT = 0.1  # weight of shared places and people (Jaccard) next to the text similarity


@dataclass(slots=True)
class _Cluster:
    members: list[int] = field(default_factory=list)  # indexes into the document list
    name: str | None = None  # a curated name, when the data file names the event


@dataclass(slots=True)
class _Open:
    """An event the next dated article may still join."""

    cluster: _Cluster
    first: date
    last: date
    positions: list[int]  # its articles, as positions in the date order
    norm2: float  # squared length of the sum of its articles' word weights


def _vectors(docs: list[Document]) -> sparse.csr_matrix:
    """TF-IDF word weights of each document (sparse rows of unit length)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # 1-2 s to import: only when a build needs it

    texts = [doc.title + "\n" + doc.body_text for doc in docs]
    try:
        return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).tocsr()
    except ValueError:  # no words at all (every text empty or stop words only)
        return sparse.csr_matrix((len(docs), 1))


def _dated_clusters(docs: list[Document], settings: Settings, vectors: sparse.csr_matrix) -> list[_Cluster]:
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
    order = sorted(free, key=lambda i: (docs[i].date, docs[i].source))
    ordered = vectors[order]
    lengths2 = np.asarray(ordered.multiply(ordered).sum(axis=1)).ravel()
    open_events: list[_Open] = []
    window = 0  # the first position an open event can hold: MAX_SPAN_DAYS back at most
    for position, index in enumerate(order):
        when = docs[index].date
        while (when - docs[order[window]].date).days > MAX_SPAN_DAYS:
            window += 1
        open_events = [
            o for o in open_events if (when - o.last).days <= GAP_DAYS and (when - o.first).days <= MAX_SPAN_DAYS
        ]
        # Dot products with the articles of the window, once; an event's cosine is then sums of them:
        # x·(v1+…+vk) / |v1+…+vk|.
        dots = (ordered[position] @ ordered[window:position].T).toarray().ravel()
        along = [float(sum(dots[p - window] for p in o.positions)) for o in open_events]
        scored = [
            (a / np.sqrt(o.norm2) if o.norm2 else 0.0, -n)
            for n, (a, o) in enumerate(zip(along, open_events, strict=True))
        ]
        best = max(scored, default=None)
        if best is None or best[0] < TOPIC_SIMILARITY:
            cluster = _Cluster()
            clusters.append(cluster)
            open_events.append(_Open(cluster, when, when, [position], float(lengths2[position])))
        else:
            joined = open_events[-best[1]]
            joined.last = when
            joined.norm2 += 2 * along[-best[1]] + float(lengths2[position])
            joined.positions.append(position)
            cluster = joined.cluster
        cluster.members.append(index)
    return clusters


def _place_undated(docs: list[Document], clusters: list[_Cluster], vectors, named: list[set[str]]) -> None:
    placed = {i for c in clusters for i in c.members}
    waiting = [i for i in range(len(docs)) if i not in placed]
    if not waiting or not clusters:
        return
    from sklearn.preprocessing import normalize

    # Membership (events × documents), and each event's summary: its coverage's word weights
    # (normalised sum) and the set of places and people it names.
    rows = [n for n, c in enumerate(clusters) for _ in c.members]
    columns = [i for c in clusters for i in c.members]
    membership = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(clusters), len(docs)))
    centroids = normalize(membership @ vectors)
    vocabulary = {name: n for n, name in enumerate(sorted(set().union(*named)))}
    entity_rows = [i for i, found in enumerate(named) for _ in found]
    entity_columns = [vocabulary[name] for found in named for name in sorted(found)]
    entities = sparse.csr_matrix(
        (np.ones(len(entity_rows)), (entity_rows, entity_columns)), shape=(len(docs), max(1, len(vocabulary)))
    )
    event_entities = ((membership @ entities) > 0).astype(float)

    undated = entities[waiting]
    text = (vectors[waiting] @ centroids.T).toarray()
    shared = (undated @ event_entities.T).toarray()
    union = np.asarray(undated.sum(axis=1)) + np.asarray(event_entities.sum(axis=1)).T - shared
    jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    scores = text + ENTITY_WEIGHT * jaccard
    for row, index in enumerate(waiting):
        number = int(np.argmax(scores[row]))  # the first event among equals
        if scores[row, number] >= MIN_SIMILARITY:
            clusters[number].members.append(index)


def _place_name(dateline: str, settings: Settings) -> str:
    """A dateline's place as a name: the curated one it stands for, else in title case ("LONDON": "London")."""
    known = names.canonical(dateline, settings)
    return known or (dateline.title() if dateline.isupper() else dateline)


def _auto_name(docs: list[Document], cluster: _Cluster, settings: Settings, taken: set[str]) -> str:
    """The event's month and place; the day too when another event of that month has the name,
    then a number: two stories of one month are two events."""
    first = _first_date(docs, cluster)
    kinds = {e.name: e.kind for e in settings.data.entities}
    places: Counter[str] = Counter()
    for i in cluster.members:
        for name in docs[i].mentions:
            if kinds.get(name) == "place":
                places[name] += 1
    if not places:
        # No curated place named: the datelines ("LONDON, May 22") say where the stories were filed.
        places.update(_place_name(docs[i].dateline, settings) for i in cluster.members if docs[i].dateline)
    place = min(places.items(), key=lambda pair: (-pair[1], pair[0]))[0] if places else None
    where = f" {place}" if place else ""
    name = f"{first:%Y-%m}{where} coverage"
    if name in taken:
        name = f"{first:%Y-%m-%d}{where} coverage"
    number = 2
    while name in taken:
        name = f"{first:%Y-%m-%d}{where} coverage ({number})"
        number += 1
    taken.add(name)
    return name


def _dateline_date(doc: Document, dated: list[date], lexicon: Lexicon) -> Document:
    """An undated article whose dateline gives the day without the year ("LONDON, May 22 (Reuters) -")
    takes the year of its event's coverage, when the day then falls within a week of it."""
    if doc.date or not dated:
        return doc
    first = next((p.text for p in doc.paragraphs if p.kind == "text"), "")
    dateline = find_dateline(first, lexicon, speech=doc.kind == "transcript")
    if not dateline or not dateline.when:
        return doc
    found = dateline_day(dateline.when, max(dated) + timedelta(days=GAP_DAYS), lexicon)
    if found is None or not min(dated) - timedelta(days=GAP_DAYS) <= found:
        return doc
    return doc.with_(date=found).note(
        f"metadata: date {found.isoformat()} from the dateline's {dateline.when!r} and the year of its event"
    )


def _first_date(docs: list[Document], cluster: _Cluster) -> date:
    return min((docs[i].date for i in cluster.members if docs[i].date), default=date.max)


def assign(docs: list[Document], settings: Settings) -> list[Document]:
    vectors = _vectors(docs)
    clusters = _dated_clusters(docs, settings, vectors)
    # The curated names each text mentions (the entities stage found them) name events and help
    # place undated articles.
    _place_undated(docs, clusters, vectors, [set(doc.mentions) for doc in docs])
    docs = list(docs)
    event_of: dict[int, str] = {}
    taken = {c.name for c in clusters if c.name}
    # Oldest first, so that the first event of a month keeps the month's plain name.
    for cluster in sorted(clusters, key=lambda c: (c.name is not None, _first_date(docs, c), c.members[0])):
        name = cluster.name or _auto_name(docs, cluster, settings, taken)
        dated = [docs[i].date for i in cluster.members if docs[i].date]
        for index in cluster.members:
            event_of[index] = name
        for index in cluster.members:
            docs[index] = _dateline_date(docs[index], dated, settings.data.lexicon)
    return [doc.with_(event=event_of.get(index)) for index, doc in enumerate(docs)]
