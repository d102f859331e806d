"""Template helpers for the public site: canonical and page addresses, JSON-LD."""

import json
from datetime import datetime

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from association.web.pagecache.memo import cached_per_version

register = template.Library()

# The characters that could end a <script> element or start markup inside it.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _page_path(request, number):
    return request.path if number <= 1 else f"{request.path}?page={number}"


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address: no query string except a page number past the first."""
    request = context["request"]
    page_obj = context.get("page_obj")
    number = page_obj.number if page_obj is not None else 1
    return request.build_absolute_uri(_page_path(request, number))


@register.simple_tag(takes_context=True)
def page_url(context, number, absolute=False):
    """The address of page `number` of the list being shown."""
    request = context["request"]
    path = _page_path(request, number)
    return request.build_absolute_uri(path) if absolute else path


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.filter
def page_links(page_obj):
    """Page numbers around the current one, with … where pages are left out."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.filter
def web_url(value):
    """value if it is an http(s) address, else "" (saves outside a form skip validation)."""
    value = (value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


def ld_json(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def article_jsonld(context, article):
    """schema.org NewsArticle for an article page; reprints name their original publication."""
    request = context["request"]
    site = context.get("site_settings")
    site_name = site.name if site else ""
    url = request.build_absolute_uri(article.get_absolute_url())
    publisher = {
        "@type": "Organization",
        "name": site_name,
        "url": request.build_absolute_uri("/"),
        "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static("img/logo.png"))},
    }
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.summary,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(
            max(article.updated_at, article.published_at)
        ).isoformat(),
        "articleSection": article.section.name,
        "inLanguage": "zh-CN",
        "publisher": publisher,
    }
    if article.author.strip():
        data["author"] = [{"@type": "Person", "name": name} for name in _names(article.author)]
    else:
        data["author"] = {
            "@type": "Organization",
            "name": article.source.strip("《》 ") or site_name,
        }
    tags = context.get("article_tags")  # the article page reads them with the article
    keywords = [tag.name for tag in (article.tags.all() if tags is None else tags)]
    if keywords:
        data["keywords"] = keywords
    if article.cover_image:
        data["image"] = [request.build_absolute_uri(article.cover_image.url)]
    source = article.source.strip("《》 ")
    if source:
        original = {"@type": "CreativeWork", "publisher": {"@type": "Organization", "name": source}}
        if web_url(article.original_url):
            original["url"] = web_url(article.original_url)
        data["isBasedOn"] = original
        data["sourceOrganization"] = {"@type": "Organization", "name": source}
    return ld_json(data)


@register.simple_tag(takes_context=True)
def site_jsonld(context):
    """schema.org WebSite and Organization for the home page."""
    request = context["request"]
    site = context.get("site_settings")
    if site is None:
        return ""
    home = request.build_absolute_uri("/")
    organization = {"@type": "Organization", "name": site.name, "url": home,
                    "logo": request.build_absolute_uri(static("img/logo.png"))}  # fmt: skip
    if site.name_en:
        organization["alternateName"] = site.name_en
    if site.email:
        organization["email"] = site.email
    if site.phone:
        organization["telephone"] = site.phone
    return ld_json(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": site.name, "url": home, "inLanguage": "zh-CN"},
                organization,
            ],
        }
    )


def _names(text):
    for sep in ("、", ",", ",", ";", ";"):
        text = text.replace(sep, " ")
    return [name for name in text.split() if name]


def _chrome_piece(context, name, key):
    """Render templates/includes/<name>.html in this context, or reuse it for this version."""

    def render():
        return context.template.engine.get_template(f"includes/{name}.html").render(context)

    # Asked once per page, not once per piece (it is a thread-local lookup).
    prefix = context.render_context.get("script_prefix")
    if prefix is None:
        prefix = context.render_context["script_prefix"] = get_script_prefix()
    if settings.DEBUG:  # template edits show at once
        return render()
    # In this worker only: cheap to render again elsewhere, and asked for on every page.
    key = ":".join(str(part) for part in (name, prefix, *key))
    return cached_per_version(f"fragment:{key}", render, local=True, shared=False)


@register.simple_tag(takes_context=True)
def site_header(context):
    """The page header; it varies only by which navigation item is the current page."""
    request = context.get("request")
    section, page = context.get("section"), context.get("page")
    current = (
        request is not None and request.path == "/",
        getattr(section, "pk", None),
        getattr(page, "pk", None),
        context.get("nav_current"),  # a page of its own in the navigation (下载中心)
        context.get("nav_link"),  # the URL name of a settings.SITE_NAV_LINKS page being shown
    )
    return _chrome_piece(context, "header", current)


@register.simple_tag(takes_context=True)
def site_head_links(context):
    """Theme colour, icon, style sheets and feed links in <head>: the same on every page."""
    return _chrome_piece(context, "head_links", ())


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The page footer; its copyright line shows the current year."""
    # The site's own time zone directly: no view activates another.
    year = datetime.now(timezone.get_default_timezone()).year
    return _chrome_piece(context, "footer", (year,))


_PAPERCLIP = (
    '<svg class="paperclip" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" '
    'focusable="false"><path d="M10.5 3.5v7a2.5 2.5 0 0 1-5 0V3a1.5 1.5 0 0 1 3 0v7a.5.5 0 0 1-1 '
    '0V4" fill="none" stroke="currentColor" stroke-width="1.2" stroke-linecap="round"/></svg>'
    '<span class="visually-hidden">(有附件)</span>'
)


_EMPTY_LIST = '<ul class="article-list">\n  \n  <li class="empty">暂无文章。</li>\n  \n</ul>\n'
_CLOSED_ITEM = ' class="is-closed"'
_PINNED = '<span class="badge">置顶</span>'
_CLOSED = '<span class="badge badge-closed">已截止</span>'


@register.simple_tag
def article_list(articles):
    """A list of articles (title, badges, paperclip, document number, date), as the section,
    tag and home pages show it. Written here rather than as a template loop: the home page
    shows some fifty such lines, and the loop cost more than the queries behind them."""
    if not articles:
        return mark_safe(_EMPTY_LIST)  # noqa: S308 - a constant
    lines = ['<ul class="article-list">\n  ']
    for article in articles:
        closed = article.is_closed
        local = timezone.localtime(article.published_at)
        number = article.doc_number
        number = f'<span class="doc-number">{conditional_escape(number)}</span>' if number else ""
        clip = _PAPERCLIP if getattr(article, "has_attachments", False) else ""
        lines.append(
            f"\n  <li{_CLOSED_ITEM if closed else ''}>\n"
            f'    <a href="{escape(article.get_absolute_url())}">'
            f"{_PINNED if article.pinned else ''}{_CLOSED if closed else ''}"
            f"{conditional_escape(article.title)}{clip}</a>\n"
            f"    {number}\n"
            f'    <time datetime="{local.isoformat()}">{local:%Y-%m-%d}</time>\n'
            "  </li>\n  "
        )
    lines.append("\n</ul>\n")
    return mark_safe("".join(lines))  # noqa: S308 - every value in it is escaped
