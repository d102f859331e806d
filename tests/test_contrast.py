"""White text on the badges and buttons keeps a contrast of at least 4.5:1 (WCAG AA for small
text; axe reported .badge-closed on the home page once). Read from the stylesheets themselves."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHEETS = [ROOT / "static/css/site.css", ROOT / "association/events/static/events/events.css"]
WHITE_ON = [
    ".badge", ".badge-closed", ".article-links .register-link", ".event-status",
    ".event-status-open", ".event-status-closed", ".event-status-running", ".event-register",
    ".event-register-off",
]  # fmt: skip


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def backgrounds():
    """{selector: background colour} of the rules above, with var(--name) resolved."""
    css = "\n".join(sheet.read_text(encoding="utf-8") for sheet in SHEETS)
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    found = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        colour = re.search(r"background:\s*(#[0-9a-fA-F]{6}|var\((--[\w-]+)\))", body)
        if colour is None:
            continue
        value = variables.get(colour.group(2)) if colour.group(2) else colour.group(1)
        for selector in selectors.split(","):
            found.setdefault(re.sub(r"/\*.*?\*/", "", selector).strip(), value)
    return found


@pytest.mark.parametrize("selector", WHITE_ON)
def test_white_text_on_badges_and_buttons_reads_at_4_5_to_1(selector):
    background = backgrounds()[selector]
    ratio = (1.05) / (luminance(background) + 0.05)
    assert ratio >= 4.5, f"{selector}: white on {background} is {ratio:.2f}:1"
