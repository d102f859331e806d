"""The list of news outlets in outlets.txt: whole names, and the short names bylines use."""

from functools import cache
from pathlib import Path

_FILE = Path(__file__).with_name("outlets.txt")
# What e-paper and app pages add to an outlet's name: 科技日报数字报, 澎湃新闻客户端.
SUFFIXES = ("数字报", "电子版", "数字版", "电子报", "客户端", "APP", "App", "app", "官网", "公众号")


@cache
def outlets():
    """{name or short name: the outlet's full name}."""
    names = {}
    for raw in _FILE.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        full, *short = line.split("|")
        for name in (full, *short):
            names.setdefault(name, full)
    return names


def outlet_named(text):
    """The outlet a line or a byline's prefix names (科技日报数字报 → 科技日报), or ""."""
    name = text.strip()
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)].strip()
            break
    return outlets().get(name, "")


def outlet_prefix(text):
    """The longest outlet name text starts with (看看新闻Knews记者 → 看看新闻), or ""."""
    names = outlets()
    for end in range(min(len(text), 16), 1, -1):
        if text[:end] in names:
            return names[text[:end]]
    return ""
