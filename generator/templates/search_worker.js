// The search worker (generator/search_index.py ships it with lunr.js before it). It answers the
// messages of Material's search box: {type: 0} set-up, {type: 2, data: query} -> {type: 3, data}.
// The prebuilt index arrives as pieces of one JSON string ({type: "part"}, or the addresses of
// its parts to read: {type: "parts"}); queries before it wait.
"use strict";
let index = null;
let shown = [];
let waiting = [];

function terms(query) {
  return lunr.tokenizer(query).map(String).map((t) => t.replace(/^\W+|\W+$/g, "")).filter(Boolean);
}

function mark(text, words) {
  if (!words.length) return text;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  // The text is escaped HTML: a word right after "&" or "#" is part of an entity ("&amp;"), not text.
  return text.replace(new RegExp(`(?<![&#\\w])(${escaped.join("|")})`, "gi"), "<mark>$1</mark>");
}

function search(query) {
  const words = terms(query);
  if (!index || !words.length) return { items: [] };
  // Every word must appear (a trailing wildcard for the word being typed), as Material does.
  const found = index.query((q) => {
    words.forEach((word, n) => {
      const wildcard = n === words.length - 1 ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE;
      q.term(word, { presence: lunr.Query.presence.REQUIRED, wildcard });
    });
  });
  // Articles first (what readers search), then the other pages, each by score.
  const ranked = found.map((hit) => ({ ...hit, article: shown[Number(hit.ref)].location.startsWith("articles/") }));
  ranked.sort((a, b) => b.article - a.article || b.score - a.score);
  const items = ranked.slice(0, 100).map(({ ref, score }) => {
    const doc = shown[Number(ref)];
    const present = Object.fromEntries(words.map((w) => [w, true]));
    return [{ location: doc.location, title: mark(doc.title, words), text: mark(doc.text, words), score, terms: present }];
  });
  return { items };
}

function answer(query) {
  let data;
  try {
    data = search(query);
  } catch (error) {
    data = { items: [] }; // a query lunr cannot parse ("title:") finds nothing
  }
  postMessage({ type: 3, data });
}

let pieces = [];

function received(piece) {
  pieces.push(piece.text);
  if (!piece.last) return;
  const payload = JSON.parse(pieces.join(""));
  pieces = [];
  index = lunr.Index.load(payload.index);
  shown = payload.docs;
  waiting.splice(0).forEach(answer);
}

addEventListener("message", ({ data: message }) => {
  if (message.type === "part") {
    received(message.data); // from disk: the page read it
  } else if (message.type === "parts") {
    // Over http the worker reads the parts itself, from the search folder's address.
    for (let n = 1; !index; n++) {
      importScripts(`${message.data}dossier_index.${n}.js`);
      received(self.__dossierIndex);
    }
  } else if (message.type === 0) {
    postMessage({ type: 1 });
  } else if (message.type === 2) {
    if (index) answer(message.data);
    else waiting.push(message.data);
  }
});
