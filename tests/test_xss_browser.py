"""XSS: payloads saved in every editor-written field, then every public page opened in Chromium.

Each page is opened twice: once with the browser ignoring our Content-Security-Policy, so a
hole in escaping or sanitising would run its script, and once with the policy on, so the page
must cause no CSP violation at all. Either way no dialog may open, no payload may set
window.__xss, and the DOM may hold no event-handler attribute or script URL.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from taggit.models import Tag

from association.events.models import NoticeReply, Question
from association.events.services import confirmation_token
from association.site.models import Page, SiteSettings
from association.urls import SITEMAPS
from news.models import Article, HotTag

from .factories import (
    make_event,
    make_member_company,
    make_registration,
    make_section,
    make_staff,
)
from .xss_payloads import PAYLOADS

# Named URL patterns that take arguments, and how to fill them from the saved payloads.
# A new public page with arguments must be added here (test_every_public_url_is_crawled).
ARGUMENT_PAGES = {
    "news:article-detail": lambda data: [a.get_absolute_url() for a in data["articles"]],
    "news:section-detail": lambda data: [
        url + suffix for url in data["section_urls"] for suffix in ("", "?page=2")
    ],
    "news:tag-detail": lambda data: [
        reverse("news:tag-detail", args=[t.slug]) for t in data["tags"]
    ],
    "news:section-feed-rss": lambda data: [
        reverse("news:section-feed-rss", args=[s.slug]) for s in data["sections"]
    ],
    "news:section-feed-atom": lambda data: [
        reverse("news:section-feed-atom", args=[s.slug]) for s in data["sections"]
    ],
    "association:page-detail": lambda data: [p.get_absolute_url() for p in data["pages"]],
    "members:member-detail": lambda data: [m.get_absolute_url() for m in data["members"]],
    "events:event-detail": lambda data: [e.get_absolute_url() for e in data["events"]],
    "events:register": lambda data: [
        reverse("events:register", args=[e.slug]) for e in data["events"]
    ],
    "events:calendar-month": lambda data: [
        reverse("events:calendar-month", args=[e.start.year, e.start.month])
        for e in data["events"][:2]
    ],
    "events:reply": lambda data: [r.get_absolute_url() for r in data["replies"]],
    "events:registered": lambda data: [
        reverse("events:registered", args=[confirmation_token(r)]) for r in data["registrations"]
    ],
    # Not a page: a calendar file sent as a download (tests/test_events_pages.py parses it).
    "events:event-ics": lambda data: [],
    "sitemap-section": lambda data: [reverse("sitemap-section", args=[k]) for k in SITEMAPS],
    # Not pages: the view beacon answers POSTs only, and /media/ serves uploaded files.
    "news:article-view": lambda data: [],
    # Not a page: an attachment is sent as a download (tests/test_attachments.py).
    "news:attachment-download": lambda data: [],
    "/media/(?P<path>.*)": lambda data: [],
    # Staff-only downloads of applicants' documents, and the CAPTCHA's images (not pages).
    "members:application-document": lambda data: [],
    "captcha-image": lambda data: [],
    "captcha-image-2x": lambda data: [],
    "captcha-audio": lambda data: [],
}
# Not pages either: the search-count beacon answers POSTs only (with no body).
NOT_PAGES = {"news:search-count", "captcha-refresh"}  # and the CAPTCHA refresh (AJAX only)
# Pages without arguments get payloads in their query string (search boxes echo them back).
QUERY_PAYLOADS = [PAYLOADS[59], PAYLOADS[8]]
ADMIN_PAGES = [
    "/admin/",
    "/admin/news/article/",
    "/admin/news/article/add/",
    "/admin/news/section/",
    "/admin/news/hottag/",
    "/admin/news/hottag/add/",
    "/admin/taggit/tag/",
    "/admin/association/loginlock/",
    "/admin/members/member/",
    "/admin/members/membermention/",
    "/admin/events/event/",
    "/admin/events/registration/",
]

INIT_SCRIPT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`);
});
"""

DOM_AUDIT = """
async () => {
  await new Promise((resolve) => setTimeout(resolve, 30));  // let late events arrive
  const problems = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc',
                    'background', 'poster', 'srcset'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`${el.tagName} has ${name}=`);
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (urlAttrs.includes(name) && /(^|[;=,])(javascript|vbscript|data):/.test(value)) {
        problems.push(`${el.tagName} ${name}=${attr.value.slice(0, 60)}`);
      }
    }
  }
  // JSON-LD and the editor's import map are data, never run; they must stay valid JSON.
  const data = 'script[type="application/ld+json"], script[type="importmap"]';
  const dangerous = 'script:not([src]):not([type="application/ld+json"]):not([type="importmap"]),'
                    + ' iframe, frame, object, embed, base, meta[http-equiv]';
  for (const el of document.querySelectorAll(data)) {
    try { JSON.parse(el.textContent); } catch (e) { problems.push(`broken JSON-LD ${e}`); }
  }
  for (const el of document.querySelectorAll(dangerous)) {
    problems.push(`element ${el.outerHTML.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll('script[src]')) {
    if (new URL(el.src).origin !== location.origin) problems.push(`foreign script ${el.src}`);
  }
  return {
    problems,
    xss: window.__xss === undefined ? null : String(window.__xss),
    csp: window.__cspViolations || [],
    h1: (document.querySelector('h1') || {}).textContent || '',
  };
}
"""


def save_payloads():
    """Put every payload into every field an editor types, and return what shows them."""
    sections = [make_section(name=f"栏目{i}", slug=f"xss{i}") for i in range(3)]
    last = sections[-1]
    last.name_en, last.description = PAYLOADS[15], PAYLOADS[60]
    last.save()
    site = SiteSettings.load()
    site.welcome_text, site.name_en = PAYLOADS[0], PAYLOADS[12]
    site.copyright_text, site.address, site.icp_number = PAYLOADS[57], PAYLOADS[58], PAYLOADS[61]
    site.description = PAYLOADS[62]
    site.save()

    now = timezone.now()
    articles = []
    for i, payload in enumerate(PAYLOADS):
        article = Article.objects.create(
            section=sections[i % len(sections)],
            title=payload,
            body=f"<p>第{i}号载荷</p>{payload}<p>{payload}</p>",
            summary=payload,
            source=payload,
            author=payload,
            author_title=payload[:20],
            original_url=f"javascript:alert({i})",  # as an import that skipped validation
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i),
            pinned=i % 10 == 0,
        )
        article.tags.add(payload)
        articles.append(article)
    pages = [
        Page.objects.create(
            title=payload[:100], slug=f"xss-page-{i}", body=payload, description=payload[:200]
        )
        for i, payload in enumerate(PAYLOADS[:8])
    ]
    members = [
        make_member_company(
            name=payload[:100],
            short_name=payload[:40],
            name_en=payload[:200],
            introduction=payload,
            products=payload,
            address=payload[:200],
            city=payload[:40],
            website="https://example.com/?q=" + quote(payload[:100]),
            fields=[payload[:40]],
        )  # fmt: skip
        for payload in PAYLOADS[:8]
    ]
    events = [
        make_event(
            title=payload[:200],
            slug=f"xss-event-{i}",
            city=payload[:50],
            address=payload[:200],
            organiser=payload[:200],
            host=payload[:300],
            co_organisers=payload[:500],
            summary=payload[:300],
            body=payload,
            days_ahead=(i % 4) * 20 - 30,
        )  # fmt: skip
        for i, payload in enumerate(PAYLOADS[:8])
    ]
    for payload in PAYLOADS[:8]:
        Question.objects.create(
            event=events[0], label=payload[:200], kind=Question.Kind.SINGLE,
            choices=f"{payload[:100]}\n第二项",
        )  # fmt: skip
    registrations = [
        make_registration(events[0], organisation=payload[:100], name=payload[:30])
        for payload in PAYLOADS[:8]
    ]
    # Notices asking for a 回执 (titles, doc numbers and questions are payloads), one closed.
    replies = [
        NoticeReply.objects.create(article=article, enabled=i != 3)
        for i, article in enumerate(articles[:4])
    ]
    for payload in PAYLOADS[8:12]:
        Question.objects.create(
            reply=replies[0], label=payload[:200], kind=Question.Kind.MULTIPLE,
            choices=f"{payload[:100]}\n第二项",
        )  # fmt: skip
    registrations += [
        make_registration(None, reply=replies[0], organisation=payload[:100], name=payload[:30])
        for payload in PAYLOADS[8:10]
    ]
    tags = list(Tag.objects.all())
    assert len(tags) == len(PAYLOADS)
    for position, tag in enumerate(tags[:10]):
        HotTag.objects.create(tag=tag, position=position)
    return {
        "articles": articles,
        "tags": tags,
        "sections": sections,
        "section_urls": [s.get_absolute_url() for s in sections],
        "pages": pages,
        "members": members,
        "events": events,
        "registrations": registrations,
        "replies": replies,
    }


def public_patterns(patterns=None, namespace="", prefix="/"):
    """(name, path, takes_arguments) of every URL pattern outside the admin."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{entry.namespace}:" if entry.namespace else namespace
            yield from public_patterns(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern):
            takes_args = bool(entry.pattern.regex.groups)
            name = f"{namespace}{entry.name}" if entry.name else route
            path = reverse(name) if entry.name and not takes_args else route
            yield name, path, takes_args


def public_urls(data):
    urls = []
    for name, path, takes_args in public_patterns():
        if name in NOT_PAGES:
            continue
        if takes_args:
            urls += ARGUMENT_PAGES[name](data)
        else:
            urls += [path] + [f"{path}?q={quote(p)}&page={quote(p)}" for p in QUERY_PAYLOADS]
    return list(dict.fromkeys(urls))


def sample_each_kind(urls, per_kind=6):
    """The first few URLs of each kind (/article/..., /tags/..., ...)."""
    kept, seen = [], {}
    for url in urls:
        kind = url.split("?")[0].strip("/").split("/")[0]
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= per_kind:
            kept.append(url)
    return kept


def test_every_public_url_is_crawled():
    unknown = [n for n, _, args in public_patterns() if args and n not in ARGUMENT_PAGES]
    assert unknown == [], f"add these pages to ARGUMENT_PAGES in {__name__}: {unknown}"


def audit(page, url, dialogs):
    response = page.goto(url, wait_until="load")
    result = page.evaluate(DOM_AUDIT)
    result["status"] = response.status if response else None
    result["dialogs"] = list(dialogs)
    dialogs.clear()
    return result


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_payload_runs_on_any_public_or_admin_page(chromium, live_server):
    data = save_payloads()
    html_urls, other = [], {}
    client = Client()
    for url in public_urls(data):
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            html_urls.append(url)
        else:  # feeds, sitemaps: no raw markup from a payload may come through
            other[url] = "<script" in response.content.decode(errors="replace").lower()
    assert not any(other.values()), other
    assert len(html_urls) >= 1 + 6 + 2 * len(PAYLOADS)

    staff = Client()
    staff.force_login(make_staff(username="xss-checker"))
    articles = data["articles"]
    admin_urls = ADMIN_PAGES + [
        reverse("admin:news_article_change", args=[a.pk]) for a in (articles[0], articles[47])
    ]

    titles = {a.get_absolute_url(): a.title for a in articles}
    failures = []
    for bypass_csp in (True, False):
        context = chromium.new_context(bypass_csp=bypass_csp, base_url=live_server.url)
        context.add_init_script(INIT_SCRIPT)
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
        # Every page without the policy; with it, enough of each kind to show that
        # the pages work under it (a payload it blocks already failed the first pass).
        urls = html_urls if bypass_csp else sample_each_kind(html_urls)
        for url in urls + ["LOGIN"] + admin_urls:
            if url == "LOGIN":  # visitors first, then an editor in the admin
                cookie = staff.cookies["sessionid"].value
                context.add_cookies(
                    [{"name": "sessionid", "value": cookie, "url": live_server.url}]
                )
                continue
            result = audit(page, url, dialogs)
            bad = {k: result[k] for k in ("problems", "xss", "dialogs", "csp") if result[k]}
            if result["status"] != 200:
                bad["status"] = result["status"]
            if url in titles and result["h1"] != titles[url]:
                bad["h1"] = result["h1"]  # the title must show exactly as typed
            if bad:
                failures.append(("no CSP" if bypass_csp else "CSP", url, bad))
        context.close()
    assert failures == [], failures[:10]
