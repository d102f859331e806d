"""Addresses of articles and sections without a walk of the URL resolver each (a page links a
dozen articles and each section up to three times)."""

from django.urls import get_script_prefix, get_urlconf, reverse

_patterns = {}  # {(URL name, script prefix, urlconf): the address with "{}" for the value}


def filled_reverse(name, kwarg, value, marker):
    """reverse(name, kwargs={kwarg: value}), with reverse() run once per script prefix and
    urlconf on marker (a value the URL's converter accepts and the address shows as it is)."""
    key = (name, get_script_prefix(), get_urlconf())
    pattern = _patterns.get(key)
    if pattern is None:
        marked = reverse(name, kwargs={kwarg: marker})
        pattern = _patterns[key] = marked.replace(str(marker), "{}")
    return pattern.format(value)
