"""The neutral form every input is turned into before the article is recognised."""

import re
from dataclasses import dataclass

# Spaces that pages use for indentation and alignment; all become one ordinary space.
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


@dataclass
class Block:
    """One line of the input: a paragraph, a heading or an image."""

    text: str = ""
    bold: bool = False  # every visible character is bold (HTML <b>/<strong>, Word bold runs)
    level: int = 0  # an explicit heading level: 1 for <h1>/Word "Title", 2 for <h2>/"Heading 1"…
    image_src: str = ""
    image_data: bytes = b""
    image_alt: str = ""

    @property
    def is_image(self):
        return bool(self.image_src or self.image_data)


def clean_line(text):
    """Collapse every kind of space (full-width, no-break, zero-width) and strip the line."""
    return _SPACES.sub(" ", text).strip()


def compact(text):
    """The line without any spaces and with full-width colons made half-width, for matching."""
    return _SPACES.sub("", text).replace("\uff1a", ":")
