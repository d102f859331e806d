"""Defences for public forms: a rate limit per address kept in the cache, the point from which a
CAPTCHA is asked, and a honeypot field that only robots fill in.

Infrastructure: any app's form may use it (the events' registration does); each form names its
own counter and limits, so one form's visitors never use up another's.
"""

from dataclasses import dataclass

from django.core.cache import cache

from .security import client_ip


@dataclass(frozen=True)
class FormGuard:
    name: str  # the counter's name in the cache, one per form
    limit: int  # submissions per window; more are refused
    captcha_after: int  # from this many submissions on, a CAPTCHA is asked
    window_seconds: int
    honeypot: str = "fax_number"  # a field hidden from people by CSS

    def _key(self, request):
        return f"antiabuse:{self.name}:{client_ip(request) or 'unknown'}"

    def attempts(self, request):
        """How many times this address submitted the form in the current window."""
        try:
            return int(cache.get(self._key(request), 0))
        except Exception:  # cache unreachable: let people through rather than refuse all
            return 0

    def record_attempt(self, request):
        key = self._key(request)
        try:
            if cache.add(key, 1, self.window_seconds):
                return 1
            return cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, self.window_seconds)
            return 1
        except Exception:
            return 0

    def over_limit(self, request):
        return self.attempts(request) >= self.limit

    def needs_captcha(self, request):
        return self.attempts(request) >= self.captcha_after

    def is_robot(self, request):
        return bool(request.POST.get(self.honeypot, "").strip())
