"""The words the site knows, in memory: for typo suggestions and for words inside words.

Built from the terms of the newest SEARCH_VOCABULARY_TITLES published titles (the index's most
telling part; a fixed number, so building takes the same time at any size of site), the
industry dictionary and the synonym groups; the SEARCH_VOCABULARY_SIZE most frequent are kept.

A typo is matched three ways, all by dictionary lookups rather than comparing with every word:
the same pinyin without tones (反深透 → 反渗透), pinyin one letter off (a neighbouring key:
pvdg → pvdf, chaolu → 超滤), and one character missing, extra or wrong (膜生物反应 → 膜生物反应器).
"""

import re
import string
import threading
import time
import unicodedata
from collections import Counter
from functools import lru_cache

from django.conf import settings
from pypinyin.pinyin_dict import pinyin_dict

from association.web.pagecache.version import request_version

from .text import _HAN, LOOSE_MARK, normalise, segmenter

MIN_LATIN = 3  # shorter Latin words are abbreviations: one letter off is another word
MAX_LENGTH = 12
LETTERS = string.ascii_lowercase
WILD = "\x00"  # stands for any one character in the keys of `near`


@lru_cache(maxsize=50_000)
def _sound(char):
    """A character's most common reading in plain letters (ü as v), from pypinyin's table.

    Character by character: pypinyin's lazy_pinyin() takes about 0.25 ms a word here, too slow
    for twenty thousand words; the phrase readings it would pick matter little without tones.
    """
    readings = pinyin_dict.get(ord(char))
    if not readings:
        return char
    reading = unicodedata.normalize("NFD", readings.split(",")[0]).replace("u\u0308", "v")
    return "".join(c for c in reading if not unicodedata.combining(c))


def pinyin_key(text):
    """text's sound without tones, in plain letters (Latin letters and digits stay)."""
    return "".join(_sound(c) for c in text).lower()


def _edits(key):
    """Strings one letter away from key (the keys a neighbouring or missed key gives)."""
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    out |= {a + c + b for a, b in splits for c in LETTERS}
    out.discard(key)
    return out


def _near_keys(term):
    """The term with one character left out, or replaced by WILD."""
    keys = set()
    for i in range(len(term)):
        keys.add(term[:i] + term[i + 1 :])
        keys.add(term[:i] + WILD + term[i + 1 :])
    return keys


def _usable(term):
    if not term or len(term) > MAX_LENGTH or term.isdigit():
        return False
    if term.startswith(LOOSE_MARK) and len(term) == 2 and _HAN.match(term[1]):
        return False  # a loose character (news.search.text)
    if _HAN.match(term):
        return len(term) >= 2
    return len(term) >= MIN_LATIN and term.isalnum()


class Vocabulary:
    def __init__(self, counts, dictionary):
        self.counts = counts
        self.dictionary = dictionary  # the editors' words, normalised
        self.by_sound, self.near = {}, {}
        for term in counts:
            self.by_sound.setdefault(pinyin_key(term), []).append(term)
            if _HAN.match(term) and len(term) >= 3:
                for key in _near_keys(term):
                    self.near.setdefault(key, []).append(term)
        # One string of the longer Han words, so "which words hold this" is one regex pass.
        self.han_text = "\n".join(t for t in counts if _HAN.match(t) and len(t) >= 3)

    def __contains__(self, term):
        return term in self.counts

    def _best(self, terms):
        return max(terms, key=lambda t: (self.counts[t], t), default=None)

    def correct(self, text):
        """The known term closest to text, or None (text itself is known, or nothing is close)."""
        if text in self.counts or not _usable(text):
            return None
        key = pinyin_key(text)
        same = [t for t in self.by_sound.get(key, ()) if t != text]
        if same:
            return self._best(same)
        found = set()
        if _HAN.match(text):
            found.update(self.near.get(text, ()))  # one character missing
            for near in _near_keys(text):
                if WILD in near:
                    found.update(self.near.get(near, ()))  # one character wrong
                elif near in self.counts and len(near) >= 2:
                    found.add(near)  # one character too many
        if len(key) >= 4:
            for edit in _edits(key):
                found.update(self.by_sound.get(edit, ()))
        found.discard(text)
        return self._best(found)

    def holding(self, text, limit):
        """The most frequent longer words that hold text, such as 创新产业园 for 新产业."""
        if len(text) < 2 or not _HAN.match(text):
            return []
        pattern = re.compile(f"^[^\\n]*{re.escape(text)}[^\\n]*$", re.MULTILINE)
        found = [m[0] for m in pattern.finditer(self.han_text) if m[0] != text]
        return sorted(found, key=lambda t: (-self.counts[t], t))[:limit]

    def pairs(self, char):
        """The editors' two-character words holding char, such as 膜法 for 膜."""
        return sorted(w for w in self.dictionary if len(w) == 2 and char in w)


def _build():
    from .models import IndustryTerm, SearchDocument, SynonymGroup

    counts = Counter()
    titles = (
        SearchDocument.objects.filter(status="published")
        .order_by("-published_at")
        .values_list("title_terms", flat=True)[: settings.SEARCH_VOCABULARY_TITLES]
    )
    for terms in titles.iterator(chunk_size=2000):
        counts.update(t for t in set(terms.split()) if _usable(t))
    counts = Counter(dict(counts.most_common(settings.SEARCH_VOCABULARY_SIZE)))
    dictionary = {normalise(w) for w in IndustryTerm.objects.values_list("word", flat=True)}
    editors = set(dictionary)
    for group in SynonymGroup.objects.only("terms"):
        editors.update(normalise(t) for t in group.term_list())
    for word in editors:
        if _usable(word):
            counts[word] += 1  # known even before any title holds it
    return Vocabulary(counts, frozenset(dictionary))


class _Cache:
    """Rebuilt when the dictionary or the synonyms change, and when the content changed
    (another content version) once SEARCH_VOCABULARY_SECONDS have passed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.value, self.built_at, self.stamp, self.version = None, 0.0, None, None

    def get(self):
        segmenter.get()
        try:
            version = request_version()["token"]
        except Exception:  # the cache server is down: keep what this worker has
            version = self.version
        aged = time.monotonic() - self.built_at >= settings.SEARCH_VOCABULARY_SECONDS
        if (
            self.value is None
            or self.stamp != segmenter.stamp
            or (aged and version != self.version)
        ):
            with self.lock:
                self.value, self.built_at = _build(), time.monotonic()
                self.stamp, self.version = segmenter.stamp, version
        return self.value

    def clear(self):
        self.value = None


vocabulary = _Cache()


def maybe_misspelt(query):
    """The words of query that are no word of the segmenter's dictionary (typos are not)."""
    jieba = segmenter.get()
    return [w for w in query.words if not jieba.has_word(w.text)]


def suggest(query, only=None):
    """您是不是要找: the query with each unknown word replaced by the closest known one, or None.

    only: the words to try (all of them when None).
    """
    known = vocabulary.get()
    words, changed = [], False
    for word in query.words:
        better = known.correct(word.text) if only is None or word in only else None
        words.append(better or word.text)
        changed = changed or better is not None
    return " ".join(words) if changed else None


def inside(word):
    """Longer words holding word, for news.search.expand; none for a word that is a term."""
    text = word.text
    if not all(_HAN.match(c) for c in text):
        return []
    if len(text) > 1 and len(word.parts) == 1:
        return []  # one dictionary word: articles hold it as a term of its own
    known = vocabulary.get()
    if len(text) == 1:
        return known.pairs(text)
    return known.holding(text, settings.SEARCH_INSIDE_WORDS)
