"""The join form's defences: a rate limit per address (in the cache), a CAPTCHA once an
address comes near the limit, and a honeypot field robots fill in."""

from django.conf import settings
from django.core.cache import cache

from association.web.security import client_ip

HONEYPOT = "fax_number"  # a field hidden from people; only robots fill it in


def _key(request):
    return f"members:apply:{client_ip(request) or 'unknown'}"


def attempts(request):
    """How many times this address submitted the form in the current window."""
    return cache.get(_key(request), 0)


def record_attempt(request):
    key = _key(request)
    if cache.add(key, 1, settings.MEMBERS_APPLY_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, settings.MEMBERS_APPLY_WINDOW_SECONDS)
        return 1


def over_limit(request):
    return attempts(request) >= settings.MEMBERS_APPLY_LIMIT


def needs_captcha(request):
    return attempts(request) >= settings.MEMBERS_CAPTCHA_AFTER


def is_robot(request):
    return bool(request.POST.get(HONEYPOT, "").strip())
