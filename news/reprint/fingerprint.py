"""A fingerprint of an article's text, equal for the same article however it was formatted."""

import hashlib
import re
import unicodedata

from ..sanitize import html_to_text

MIN_LENGTH = 20  # shorter bodies are too common to call duplicates
_NOT_WORDS = re.compile(r"[\W_]+")


def normalise_text(text):
    """Letters and digits only, full-width folded to half-width, lower case."""
    return _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def body_fingerprint(body_html):
    """Return a hash of the body's words (not its markup or punctuation); '' for a short body."""
    words = normalise_text(html_to_text(body_html))
    if len(words) < MIN_LENGTH:
        return ""
    return hashlib.blake2b(words.encode("utf-8"), digest_size=16).hexdigest()
