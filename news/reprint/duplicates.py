"""Find articles an import would duplicate: same original URL, same title and source, same body."""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.db.models import Q

from ..models import Article
from .fingerprint import body_fingerprint


@dataclass
class Duplicate:
    pk: int
    reasons: list  # in Chinese, e.g. ["原文链接相同"]
    article: Article | None = None  # loaded (with its section) unless load_articles=False


def url_variants(url):
    """The URL as given, without its #fragment, and with the other of http/https."""
    url = (url or "").strip()
    if not url:
        return []
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    bare = urlunsplit(parts._replace(fragment=""))
    variants = {url, bare}
    if parts.scheme in ("http", "https"):
        other = "https" if parts.scheme == "http" else "http"
        variants.add(urlunsplit(parts._replace(scheme=other, fragment="")))
    return sorted(variants)


def find_duplicates(
    *, title="", source="", original_url="", body_html="", limit=5, load_articles=True
):
    """Return up to limit likely duplicates, each with why it looks like one."""
    title, source = (title or "").strip(), (source or "").strip()
    urls = url_variants(original_url)
    fingerprint = body_fingerprint(body_html)
    condition = Q()
    if urls:
        condition |= Q(original_url__in=urls)
    if title:
        condition |= Q(title=title, source=source)
    if fingerprint:
        condition |= Q(body_fingerprint=fingerprint)
    if not condition:
        return []
    # One light query (no join, no model instances); the articles are loaded only when found.
    rows = list(
        Article.objects.filter(condition)
        .order_by("-id")
        .values_list("id", "title", "source", "original_url", "body_fingerprint")[:limit]
    )
    if not rows:
        return []
    articles = {}
    if load_articles:
        articles = (
            Article.objects.select_related("section").defer("body").in_bulk([r[0] for r in rows])
        )
    duplicates = []
    for pk, found_title, found_source, found_url, found_fingerprint in rows:
        reasons = []
        if urls and found_url in urls:
            reasons.append("原文链接相同")
        if title and found_title == title and found_source == source:
            reasons.append("标题和来源相同")
        if fingerprint and found_fingerprint == fingerprint:
            reasons.append("正文内容相同")
        duplicates.append(Duplicate(pk, reasons, articles.get(pk)))
    return duplicates
