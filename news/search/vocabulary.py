"""The words the site knows, in memory: for typo suggestions and for words inside words.

Built from the terms of the newest SEARCH_VOCABULARY_TITLES published titles (the index's most
telling part; a fixed number, so building takes the same time at any size of site), the
industry dictionary and the synonym groups; the SEARCH_VOCABULARY_SIZE most frequent are kept.

A typo is matched three ways, all by dictionary lookups rather than comparing with every word:
the same pinyin without tones (反深透 → 反渗透), pinyin one letter off (a neighbouring key:
pvdg → pvdf, chaolu → 超滤), and one character missing, extra or wrong (膜生物反应 → 膜生物反应器).
"""

import contextvars
import logging
import re
import string
import threading
import time
import unicodedata
import uuid
from collections import Counter
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from pypinyin.pinyin_dict import pinyin_dict

from association.web.pagecache.version import request_version

from .text import _HAN, LOOSE_MARK, normalise, segmenter

log = logging.getLogger(__name__)

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


# Shared-cache keys: the latest build's description, and its pickled Vocabulary under its own
# key (a few MB at SEARCH_VOCABULARY_SIZE), so checking for a newer build reads a few bytes.
# The number changes with the Vocabulary's attributes: a pickle of another form is not read.
SHARED_KEY = "search:vocabulary:2"
BUILDING_KEY = SHARED_KEY + ":building"
_served_stale = contextvars.ContextVar("vocabulary_served_stale", default=False)


class _Cache:
    """Rebuilt when the dictionary or the synonyms change, and when the content changed
    (another content version) once SEARCH_VOCABULARY_SECONDS have passed.

    A rebuild takes about a second at 10,000 terms, so no visitor waits for it: with
    SEARCH_VOCABULARY_IN_BACKGROUND the stale vocabulary is served while one thread of this
    process renews it. Builds are kept in the shared cache, so one process builds and the
    others load that (a quarter of the time); only the very first search of a process with
    nothing in the shared cache builds while the visitor waits.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.thread = None
        # value, dictionary stamp, content version, wall time built, shared key: one tuple,
        # replaced whole, so a reader never sees a value with another build's stamp.
        self.state = (None, None, None, 0.0, None)

    @property
    def value(self):
        return self.state[0]

    def get(self):
        segmenter.get()
        try:
            version = request_version()["token"]
        except Exception:  # the cache server is down: keep what this worker has
            version = self.state[2]
        if self._fits(self.state, segmenter.stamp, version):
            return self.state[0]
        if self.state[0] is None or not settings.SEARCH_VOCABULARY_IN_BACKGROUND:
            with self.lock:
                if not self._fits(self.state, segmenter.stamp, version):
                    self._renew(segmenter.stamp, version, wait=True)
        else:
            self._renew_in_thread(segmenter.stamp, version)
            _served_stale.set(True)
        return self.state[0]

    def watch(self):
        """Start noting whether this request is served a stale vocabulary (see served_stale)."""
        return _served_stale.set(False)

    def served_stale(self, token):
        """True when a stale vocabulary answered since watch(): a page made with it is not to
        be kept under this content version. Stops noting."""
        stale = _served_stale.get()
        _served_stale.reset(token)
        return stale

    @staticmethod
    def _fits(state, stamp, version):
        value, built_stamp, built_version, built_at, _ = state
        if value is None or built_stamp != stamp:
            return False
        aged = time.time() - built_at >= settings.SEARCH_VOCABULARY_SECONDS
        return not aged or built_version == version

    def _renew_in_thread(self, stamp, version):
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                return  # one rebuild at a time in a process
            self.thread = self._start(lambda: self._renew_quietly(stamp, version))

    def _start(self, job):
        def run():
            try:
                job()
            finally:
                connections.close_all()  # this thread's own connections

        thread = threading.Thread(target=run, name="search-vocabulary", daemon=True)
        thread.start()
        return thread

    def _renew_quietly(self, stamp, version):
        try:
            self._renew(stamp, version, wait=False)
        except Exception:
            log.exception("search vocabulary: the rebuild failed; the previous one stays")

    def _renew(self, stamp, version, wait):
        """Take the shared cache's build if it fits, else build one and share it.

        wait: build even while another process is building (nothing to serve meanwhile).
        """
        shared = _shared_get(SHARED_KEY)
        if shared is not None:
            state = (None, shared["stamp"], shared["version"], shared["built_at"], shared["key"])
            if self._fits((True, *state[1:]), stamp, version):
                if shared["key"] == self.state[4]:
                    return
                value = _shared_get(shared["key"])
                if isinstance(value, Vocabulary):
                    self.state = (value, *state[1:])
                    return
        building = _shared_add(BUILDING_KEY)
        if not building and not wait:
            return  # another process is building: take its build on a later search
        try:
            value, built_at = _build(), time.time()
            key = f"{SHARED_KEY}:{uuid.uuid4().hex}"
            self.state = (value, stamp, version, built_at, key)
            _share(key, value, stamp, version, built_at)
        finally:
            if building:
                _shared_delete(BUILDING_KEY)

    def wait(self):
        """Wait for this process's rebuild, if one runs (tests, the benchmark)."""
        thread = self.thread
        if thread is not None:
            thread.join()

    def clear(self):
        self.state = (None, None, None, 0.0, None)
        _shared_delete(SHARED_KEY)


def _share(key, value, stamp, version, built_at):
    timeout = settings.SEARCH_VOCABULARY_SHARED_SECONDS
    try:
        cache.set(key, value, timeout)
        record = {"stamp": stamp, "version": version, "built_at": built_at, "key": key}
        cache.set(SHARED_KEY, record, timeout)
    except Exception:  # no shared cache: this process keeps its own build
        log.warning("search vocabulary: could not share the build", exc_info=True)


def _shared_get(key):
    try:
        return cache.get(key)
    except Exception:  # down, or a pickle of another form
        return None


def _shared_add(key):
    try:
        return cache.add(key, 1, settings.SEARCH_VOCABULARY_BUILD_SECONDS)
    except Exception:
        return True  # no shared cache: build here


def _shared_delete(key):
    try:
        cache.delete(key)
    except Exception:
        log.warning("search vocabulary: could not reach the shared cache", exc_info=True)


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
