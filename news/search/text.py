"""Text to search terms: the one place that normalises and segments Chinese (rjieba behind it).

Documents are cut in jieba's search mode (a long word also yields its dictionary sub-words) with
HMM new-word guessing off, so text jieba does not know falls apart into single characters the
same way in articles and in queries. Every term is letters and digits only, lower case and
simplified, so PostgreSQL's parser and SQLite's unicode61 tokenizer see the same words.
"""

import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import opencc
import rjieba
from django.conf import settings

MAX_TERM_LENGTH = 40
MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 8
MAX_TOKENS_PER_WORD = 12
# Single-character function words: in nearly every article, so they only cost index space.
STOPWORDS = frozenset("的了着和与及或之也是在把被而并其等这那就都")
_NOT_WORD = re.compile(r"[\W_]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Traditional to simplified. OpenCC's converter is pure Python and slow, so it runs only on
# text that holds a character it would change (almost never, for a mainland site).
_T2S = opencc.OpenCC("t2s")


def _traditional_chars():
    """Characters OpenCC changes on their own: text without any is already simplified."""
    path = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets.split(" ")[0] != source:
            chars.add(source)
    return frozenset(chars)


_TRADITIONAL = _traditional_chars()
# A regex class tests a whole article in microseconds (set(text) takes a hundred times longer),
# but only over the BMP: a class holding characters beyond it is as slow as the set.
_TRADITIONAL_BMP = re.compile(
    "[" + re.escape("".join(sorted(c for c in _TRADITIONAL if ord(c) <= 0xFFFF))) + "]"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def to_simplified(text):
    """Return text in simplified characters; the length never changes."""
    if not _TRADITIONAL_BMP.search(text) and (
        not _ASTRAL.search(text) or _TRADITIONAL.isdisjoint(text)
    ):
        return text
    return _T2S.convert(text)


# Full-width ASCII and the ideographic space, the compatibility characters Chinese text is full
# of: mapped in one pass, so the slow character-by-character fold is rarely needed. A regex
# finds them; str.translate would look up every character of an article in a dict.
_HALF_WIDTH = {"\u3000": " ", **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}}
_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")
_ELLIPSES = re.compile("[…‥]")  # NFKC makes them dots; never part of a term


def _half_width(match):
    return _HALF_WIDTH[match[0]]


def _fold_char(char):
    folded = unicodedata.normalize("NFKC", char).casefold()
    return folded if len(folded) == 1 else char.casefold()[:1] or char


def normalise(text, keep_length=False):
    """Full-width to half-width, lower case, traditional to simplified.

    keep_length=True folds character by character so positions still match the original text
    (used to highlight matches in the text as written).
    """
    text = str(text or "")
    if keep_length:
        half = _FULL_WIDTH.sub(_half_width, text)
        folded = half.casefold()
        plain = _ELLIPSES.sub("", half)
        if len(folded) != len(text) or not unicodedata.is_normalized("NFKC", plain):
            folded = "".join(_fold_char(c) if not c.isascii() else c.lower() for c in text)
        text = folded
    else:
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        text = text.casefold()
    return to_simplified(text)


def _clean(tokens):
    """Terms only: drop spaces, punctuation and stopwords; split tokens like pm2.5 or pvdf-膜."""
    terms = []
    for token in tokens:
        if token.isalnum():
            if token not in STOPWORDS and len(token) <= MAX_TERM_LENGTH:
                terms.append(token)
        elif not token.isspace() and len(token) > 1:
            terms += [p for p in _NOT_WORD.split(token) if p and len(p) <= MAX_TERM_LENGTH]
    return terms


# -- the segmenter and the editors' dictionary -------------------------------------------------


class _Segmenter:
    """One rjieba instance with the industry dictionary added, rebuilt when editors change it.

    Other processes notice a change through a stamp (count and last edit of the terms) read at
    most every SEARCH_DICTIONARY_CHECK_SECONDS.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.jieba = None
        self.synonyms = {}  # normalised term -> the other terms of its groups
        self.stamp = None
        self.checked_at = None  # None: check before the next use

    def get(self):
        interval = settings.SEARCH_DICTIONARY_CHECK_SECONDS
        if self.checked_at is None or time.monotonic() - self.checked_at >= interval:
            self.refresh()
        return self.jieba

    def refresh(self, force=False):
        from .models import IndustryTerm, dictionary_stamp  # the models import this module

        stamp = dictionary_stamp()
        with self.lock:
            self.checked_at = time.monotonic()
            if force or self.jieba is None or stamp[0] != (self.stamp or (None,))[0]:
                jieba = rjieba.Jieba()
                for word in IndustryTerm.objects.values_list("word", flat=True):
                    word = normalise(word).strip()
                    if word:
                        jieba.add_word(word, None, None)
                self.jieba = jieba
                _loose_by_word.clear()  # worked out with the old dictionary
            if force or stamp != self.stamp:
                self.synonyms = _synonyms()
            self.stamp = stamp

    def mark_stale(self):
        self.checked_at = None


segmenter = _Segmenter()


def _synonyms():
    from .models import SynonymGroup

    synonyms = {}
    for group in SynonymGroup.objects.only("terms"):
        terms = list(dict.fromkeys(t for t in map(normalise, group.term_list()) if t.isalnum()))
        for term in terms:
            synonyms.setdefault(term, []).extend(t for t in terms if t != term)
    return {term: tuple(dict.fromkeys(others)) for term, others in synonyms.items()}


def reload_dictionary():
    """Load the industry dictionary now (this process); others follow within seconds."""
    segmenter.refresh(force=True)


def dictionary_changed():
    segmenter.mark_stale()


# -- documents ----------------------------------------------------------------------------------


def cut(text, search=True, check=True):
    """The one call into the segmenter: terms of normalised text, search mode or coarse.

    Search mode (for articles) also yields the dictionary words inside a long word; coarse mode
    (for what a visitor typed) gives each word once.
    """
    jieba = segmenter.get() if check or segmenter.jieba is None else segmenter.jieba
    if not search:
        return _clean(jieba.cut(text, False))
    return _clean(jieba.cut_for_search(text, False)) + _loose_characters(jieba, text)


# A loose character is indexed as its own term ("x膜", one token for both databases' parsers):
# only a query of that single character looks for it, so 创新园's pieces 创新 + 园 still do not
# find 创新产业园, while 膜 finds 反渗透膜.
LOOSE_MARK = "x"
_loose_by_word = {}  # word -> its loose characters, for the dictionary loaded (see refresh)
_LOOSE_CACHE_SIZE = 200_000


def _loose_characters(jieba, text):
    """The characters of text's longer words that no shorter dictionary word inside covers.

    Search mode adds the two- and three-character dictionary words inside a word; with these
    the single character is found too: 膜 finds 反渗透膜 and 陶瓷膜 (反渗透 and 陶瓷 are covered,
    膜 is not). A two-character word is not split: 协会 must not answer 协 or 会.
    """
    loose = []
    for word in jieba.cut(text, False):
        if len(word) < 3 or not _HAN.match(word):
            continue
        found = _loose_by_word.get(word)
        if found is None:
            if len(_loose_by_word) >= _LOOSE_CACHE_SIZE:
                _loose_by_word.clear()
            found = _loose_by_word[word] = _uncovered(jieba, word)
        loose += found
    return loose


def _uncovered(jieba, word):
    covered = set()
    for size in (2, 3) if len(word) > 3 else (2,):
        for i in range(len(word) - size + 1):
            if jieba.has_word(word[i : i + size]):
                covered.update(range(i, i + size))
    return tuple(
        LOOSE_MARK + c
        for i, c in enumerate(word)
        if i not in covered and c not in STOPWORDS and _HAN.match(c)
    )


def segment(text, check=True):
    """Return the search terms of text, in order, as a space-separated string.

    check=False uses the dictionary as loaded, without asking the database whether it changed
    (for worker processes, which must not use the parent's connection).
    """
    if check:
        segmenter.get()  # load the dictionary, or notice an edit, even for empty text
    text = normalise(text)
    if not text.strip():
        return ""
    return " ".join(cut(text, check=False))


# -- queries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One word the visitor typed: every part must appear, each part as itself or its pieces."""

    text: str
    parts: tuple  # of tuples: alternatives, each a tuple of terms that must all appear
    # Other ways to write the whole word (synonyms, longer words holding it; news.search.expand),
    # each shaped like parts; matching one of them ranks below matching parts.
    synonyms: tuple = ()

    @property
    def terms(self):
        return [term for part in self.parts for alt in part for term in alt]

    @property
    def all_parts(self):
        return (self.parts, *self.synonyms)


@dataclass(frozen=True)
class Query:
    words: tuple
    truncated: bool = False
    normalised: str = ""

    def __bool__(self):
        return bool(self.words)


def _pieces(jieba, token):
    """Split a word of three or more characters into shorter dictionary words and characters.

    The same word may be cut differently inside a sentence (及膜技术创新 gives 膜 / 技术创新,
    not 膜技术), and articles indexed before an editor added a word hold only its pieces. Two
    characters are not split: search mode already yields every two-character word inside a
    longer one, and 协 + 会 would mostly find 妥协 / 会议.
    """
    pieces, i = [], 0
    while i < len(token):
        for j in range(len(token) - (1 if i == 0 else 0), i + 1, -1):
            if jieba.has_word(token[i:j]):
                pieces.append(token[i:j])
                i = j
                break
        else:
            pieces.append(token[i])
            i += 1
    return [p for p in pieces if p not in STOPWORDS]


def make_word(raw_word, loose=False):
    """The Word for one normalised word of letters and digits; None when it holds no term.

    loose: a lone character may be part of a longer word in an article (for words put
    together from other words, news.search.expand).
    """
    jieba = segmenter.jieba or segmenter.get()
    tokens = cut(raw_word, search=False, check=False)[:MAX_TOKENS_PER_WORD]
    if not tokens:
        return None
    parts = []
    # PVDF膜 is PVDF + 膜: a character glued to Latin letters is a word of its own.
    glued = not all(_HAN.match(c) for c in raw_word)
    for token in tokens:
        alternatives = [(token,)]
        if len(token) == 1 and _HAN.match(token) and (len(raw_word) == 1 or glued or loose):
            alternatives.append((LOOSE_MARK + token,))  # inside a longer word
        if len(token) > 2 and _HAN.search(token):
            pieces = tuple(_pieces(jieba, token))
            if pieces and pieces != (token,):
                alternatives.append(pieces)
        parts.append(tuple(alternatives))
    return Word(raw_word, tuple(parts))


def parse_query(raw):
    """Turn what a visitor typed into words to look for; operators have no meaning here."""
    text = normalise(raw)
    text = "".join(c if c.isprintable() else " " for c in text)
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    segmenter.get()
    words, seen = [], set()
    for chunk in text.split():
        for raw_word in _NOT_WORD.split(chunk):
            if not raw_word or raw_word in seen:
                continue
            seen.add(raw_word)
            word = make_word(raw_word)
            if word is not None:
                words.append(word)
    if len(words) > MAX_QUERY_WORDS:
        words, truncated = words[:MAX_QUERY_WORDS], True
    return Query(tuple(words), truncated, " ".join(w.text for w in words))
