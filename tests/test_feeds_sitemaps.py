"""Feeds (RSS 2.0, Atom), sitemap.xml and robots.txt, read the way their consumers read them."""

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from news.models import Article

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db
SM = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def articles():
    section = make_section(name="协会动态", slug="xhdt", description="协会的消息。")
    other = make_section(name="行业资讯", slug="hyzx")
    reprint = make_article(
        section, title="领导小组成立", source="威海日报", author="姜倩倩", tags=["膜技术"],
        body="<p>据威海新闻网2018年3月5日讯 正文。</p>",
        published_at=timezone.make_aware(timezone.datetime(2018, 3, 8, 8, 40, 27)),
    )  # fmt: skip
    make_article(other, title="行业新闻一则")
    make_article(section, title="草稿不出现", status=Article.Status.DRAFT)
    return reprint


@pytest.mark.parametrize("url", ["/rss/", "/atom/"])
def test_site_feeds_parse_cleanly_with_absolute_links_and_beijing_dates(client, articles, url):
    response = client.get(url)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "中国膜工业协会"
    titles = [e.title for e in feed.entries]
    assert titles == ["行业新闻一则", "领导小组成立"]  # newest first, no drafts
    entry = feed.entries[1]
    assert entry.link == f"http://testserver/article/{articles.pk}/"
    published = entry.get("published") or entry.get("updated")
    assert "2018" in published and published.endswith(("+0800", "+08:00"))
    assert entry.published_parsed[:5] == (2018, 3, 8, 0, 40)  # 08:40 in Beijing is 00:40 UTC
    assert "据威海新闻网" in entry.content[0].value  # the full body, not only the summary
    assert [t.term for t in entry.tags] == ["膜技术"]
    assert entry.author == "《威海日报》记者 姜倩倩"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_section_feed_has_only_that_section(client, articles, kind):
    feed = feedparser.parse(client.get(f"/section/xhdt/{kind}/").content)
    assert not feed.bozo
    assert feed.feed.title == "中国膜工业协会 - 协会动态"
    assert [e.title for e in feed.entries] == ["领导小组成立"]


def test_unknown_section_feed_is_404(client):
    assert client.get("/section/nope/rss/").status_code == 404


def test_pages_announce_their_feeds(client, articles):
    html = client.get("/section/xhdt/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/section/xhdt/rss/"' in html
    assert 'href="/atom/"' in html


def test_sitemap_index_and_sitemaps_are_valid_xml_with_absolute_urls(client, articles):
    index = etree.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{{{SM['s']}}}sitemapindex"
    children = index.xpath("//s:sitemap/s:loc/text()", namespaces=SM)
    assert {c.rsplit("/", 1)[1] for c in children} == {
        "sitemap-site.xml", "sitemap-sections.xml", "sitemap-articles.xml",
        "sitemap-tags.xml", "sitemap-pages.xml", "sitemap-members.xml", "sitemap-events.xml",
    }  # fmt: skip
    locs = []
    for child in children:
        assert child.startswith("http://testserver/")
        tree = etree.fromstring(client.get(child.replace("http://testserver", "")).content)
        assert tree.tag == f"{{{SM['s']}}}urlset"
        locs += tree.xpath("//s:loc/text()", namespaces=SM)
    assert all(loc.startswith("http://testserver/") for loc in locs)
    assert f"http://testserver/article/{articles.pk}/" in locs
    assert "http://testserver/section/xhdt/" in locs
    assert "http://testserver/tags/%E8%86%9C%E6%8A%80%E6%9C%AF/" in locs
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert client.get(loc.replace("http://testserver", "")).status_code == 200, loc


def test_article_sitemap_has_lastmod_and_no_hidden_articles(client, articles):
    tree = etree.fromstring(client.get("/sitemap-articles.xml").content)
    urls = tree.xpath("//s:url", namespaces=SM)
    assert len(urls) == 2
    assert all(u.findtext("s:lastmod", namespaces=SM) for u in urls)


@pytest.mark.parametrize("url", ["/sitemap-nope.xml", "/sitemap-articles.xml?p=abc"])
def test_bad_sitemap_addresses_are_404(client, url):
    assert client.get(url).status_code == 404


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
