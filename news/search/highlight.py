"""Mark the visitor's words in a title or a snippet: escape everything first, then add <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import LOOSE_MARK, normalise

SNIPPET_LENGTH = 120
LEAD = 24  # characters shown before the first match in a snippet
MAX_SPANS = 100  # window starts tried; enough for any snippet a reader sees


def terms_to_mark(query):
    """The strings worth marking, longest first: each word, its words and their pieces."""
    terms = set()
    for word in query.words:
        terms.add(word.text)
        for alternatives in (part for parts in word.all_parts for part in parts):
            for alternative in alternatives:
                terms.update(
                    t
                    for t in alternative
                    if (len(t) > 1 or len(word.text) == 1) and not t.startswith(LOOSE_MARK)
                )
    return sorted(terms, key=lambda t: (-len(t), t))


def _pattern(terms):
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms))


def find(folded, pattern):
    """Spans of the terms in text normalised with keep_length (so the same places as written)."""
    if pattern is None or not folded:
        return []
    return [m.span() for m in pattern.finditer(folded)]


def mark(text, spans):
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def _best_window(text, spans, length):
    """Start of the window of the given length that shows the most different terms."""
    best, best_score = 0, (-1, 0)
    for i, (start, _) in enumerate(spans[:MAX_SPANS]):
        limit, seen, j = start + length - LEAD, set(), i
        while j < len(spans) and spans[j][1] <= limit:
            seen.add(text[spans[j][0] : spans[j][1]])
            j += 1
        score = (len(seen), j - i)
        if score > best_score:
            best, best_score = start, score
    return max(0, best - LEAD)


class Highlighter:
    def __init__(self, query):
        self.pattern = _pattern(terms_to_mark(query))

    def matches(self, text):
        return bool(find(normalise(text, keep_length=True), self.pattern))

    def title(self, title):
        return mark(title, find(normalise(title, keep_length=True), self.pattern))

    def snippet(self, text, length=SNIPPET_LENGTH):
        folded = normalise(text, keep_length=True)
        spans = find(folded, self.pattern)
        start = _best_window(folded, spans, length) if spans else 0
        end = min(len(text), start + length)
        inside = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
        html = mark(text[start:end], inside)
        before = "…" if start > 0 else ""
        after = "…" if end < len(text) else ""
        return mark_safe(f"{before}{html}{after}")  # noqa: S308 - built from escaped text
