"""What a visitor and a search engine see on each page type: layout pieces, SEO, related articles."""

import json
import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from news.models import Article

from .factories import make_article, make_example_reprint, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def reprint():
    return make_example_reprint(
        original_url="https://example.com/news/2018-03-08.html",
        body="<p>据威海新闻网2018年3月5日讯 正文。</p>",
    )


def ld_json(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def test_every_page_has_the_portal_frame(client, reprint):
    for url in ("/", "/section/xhdt/", reprint.get_absolute_url(), "/tags/", "/tags/膜技术/"):
        html = client.get(url).content.decode()
        assert 'action="/search/" method="get"' in html and 'name="q"' in html, url
        assert 'class="site-nav"' in html and 'id="nav-toggle"' in html, url
        assert "热门标签:" in html, url
        assert "版权所有 ©" in html, url
        assert "Noto Sans CJK" not in html  # fonts come from the stylesheet, nothing inline


def test_no_inline_scripts_or_styles_so_a_strict_csp_can_be_used(client, reprint):
    for url in ("/", "/section/xhdt/", reprint.get_absolute_url(), "/tags/", "/no-such/"):
        html = client.get(url).content.decode()
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'type="application/ld+json"' in tag or " src=" in tag, (url, tag)
        assert not re.search(r"(src|href)=\"(https?:)?//(?!testserver)", html.split("<body")[0])


def test_footer_shows_contacts_and_icp_link(client, reprint):
    from association.site.models import SiteSettings

    SiteSettings.objects.update_or_create(
        pk=1, defaults={"phone": "010-12345678", "icp_number": "京ICP备12345678号"}
    )
    html = client.get("/").content.decode()
    assert "电话:010-12345678" in html
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">京ICP备12345678号</a>'
        in html
    )


def test_home_has_featured_block_with_covers_and_most_read(client, reprint):
    Article.objects.filter(pk=reprint.pk).update(featured=True, view_count=5)
    popular = make_article(reprint.section, title="最多人读的文章", view_count=900)
    make_article(title="草稿推荐", featured=True, status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    headline = html[html.index("要闻推荐") : html.index("点击排行")]
    assert reprint.title in headline and "草稿推荐" not in html
    assert (
        "cover-placeholder" in headline
    )  # no cover uploaded: a drawn placeholder, not a broken image
    ranking = html[html.index('class="rank-list"') :]
    assert ranking.index(popular.title) < ranking.index(reprint.title)
    assert "900 次浏览" in ranking
    assert '"@type":"WebSite"' in html


def test_article_page_reprint_notice_and_seo(client, reprint):
    html = client.get(reprint.get_absolute_url()).content.decode()
    assert "本文转载自《威海日报》" in html
    assert (
        '<a href="https://example.com/news/2018-03-08.html" rel="noopener nofollow">查看原文</a>'
        in html
    )
    assert "版权归原作者" in html
    assert f'<link rel="canonical" href="http://testserver/article/{reprint.pk}/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{reprint.title}">' in html
    assert '<meta name="description" content="据威海新闻网2018年3月5日讯 正文。">' in html
    (data,) = ld_json(html)
    assert data["@type"] == "NewsArticle" and data["headline"] == reprint.title
    assert data["datePublished"] == "2018-03-08T08:40:27+08:00"
    assert data["author"] == [{"@type": "Person", "name": "姜倩倩"}]
    assert data["isBasedOn"]["publisher"]["name"] == "威海日报"
    assert data["isBasedOn"]["url"] == "https://example.com/news/2018-03-08.html"
    assert data["keywords"] == ["水利行业", "膜技术"]


def test_own_articles_have_no_reprint_notice(client):
    article = make_article(source="", author="张三")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "本文转载自" not in html and "isBasedOn" not in html


def test_json_ld_cannot_be_broken_out_of(client):
    article = make_article(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert ld_json(html)[0]["headline"] == "</script><script>alert(1)</script>"


def related_titles(response):
    """The titles in the page's 相关文章 list, in order."""
    html = response.content.decode()
    start = html.index('class="panel side-panel related"')
    return re.findall(
        r'<li><a href="[^"]*">([^<]*)</a>', html[start : html.index("</section>", start)]
    )


def test_related_articles_share_tags_first_then_same_section(client, reprint):
    section = reprint.section
    both = make_article(make_section(), title="两个标签都相同", tags=["水利行业", "膜技术"],
                        published_at=timezone.now() - timedelta(days=900))  # fmt: skip
    one = make_article(make_section(), title="一个标签相同", tags=["膜技术"])
    same_section = make_article(section, title="同栏目文章")
    make_article(make_section(), title="毫不相关")
    make_article(section, title="同栏目草稿", status=Article.Status.DRAFT, tags=["膜技术"])
    related = related_titles(client.get(reprint.get_absolute_url()))
    assert related == [both.title, one.title, same_section.title]


def test_related_articles_come_from_the_newest_of_each_tag(client, settings, monkeypatch):
    """At 100,000 articles only the newest few of each tag are weighed, so the page stays fast."""
    monkeypatch.setattr("news.listings.RELATED_CANDIDATES_PER_TAG", 2)
    settings.PAGE_CACHE_ENABLED = False
    start = timezone.now() - timedelta(days=10)

    def make(title, tags, day):
        return make_article(make_section(), title=title, tags=tags,
                            published_at=start + timedelta(days=day))  # fmt: skip

    article = make("本文", ["超滤", "纳滤"], 0)
    old_both = make("旧文两标签", ["超滤", "纳滤"], 1)
    newer = [make(f"新文{i}", ["超滤"], 2 + i) for i in range(2)]
    titles = related_titles(client.get(article.get_absolute_url()))
    # old_both is only the third newest of 超滤, but among the two newest of 纳滤: still first
    assert titles[:3] == [old_both.title, newer[1].title, newer[0].title]
    make("最新纳滤", ["纳滤"], 5)
    make("更新纳滤", ["纳滤"], 6)
    titles = related_titles(client.get(article.get_absolute_url()))
    # now out of both windows: two newer articles of each tag are weighed instead
    assert old_both.title not in titles
    assert titles[:4] == ["更新纳滤", "最新纳滤", newer[1].title, newer[0].title]


def test_tag_cloud_follows_a_publish_without_the_page_cache(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    section = make_section()
    make_article(section, tags=["膜技术"])
    assert "海水淡化" not in client.get("/tags/").content.decode()
    draft = make_article(section, tags=["海水淡化"], status=Article.Status.DRAFT)
    assert "海水淡化" not in client.get("/tags/").content.decode()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "海水淡化" in client.get("/tags/").content.decode()


def test_section_pagination_links_and_rel_prev_next(client):
    section = make_section(slug="tzgg", name="通知公告")
    for _ in range(65):
        make_article(section)
    html = client.get("/section/tzgg/?page=2").content.decode()
    for label in ("首页", "上一页", "下一页", "末页"):
        assert f">{label}</a>" in html
    assert "共 65 篇，第 2/4 页" in html
    assert '<link rel="prev" href="http://testserver/section/tzgg/">' in html
    assert '<link rel="next" href="http://testserver/section/tzgg/?page=3">' in html
    assert '<link rel="canonical" href="http://testserver/section/tzgg/?page=2">' in html
    first = client.get("/section/tzgg/?page=abc").content.decode()
    assert '<span class="disabled">首页</span>' in first and 'rel="prev"' not in first
    assert '<link rel="canonical" href="http://testserver/section/tzgg/">' in first
    last = client.get("/section/tzgg/?page=4").content.decode()
    assert '<span class="disabled">末页</span>' in last


def test_tag_cloud_sizes_tags_by_use(client):
    section = make_section()
    for _ in range(5):
        make_article(section, tags=["膜技术"])
    make_article(section, tags=["膜技术", "海水淡化"])
    make_article(section, tags=["草稿专用"], status=Article.Status.DRAFT)
    html = client.get("/tags/").content.decode()
    assert re.search(
        r'class="tag-level-5" href="[^"]+">膜技术<span class="tag-count">（6 篇）', html
    )
    assert re.search(
        r'class="tag-level-1" href="[^"]+">海水淡化<span class="tag-count">（1 篇）', html
    )
    assert "草稿专用" not in html


def test_404_page_is_in_the_site_look(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "抱歉，页面不存在" in html and 'class="site-nav"' in html and "noindex" in html


def test_500_page_renders_without_touching_the_database(django_assert_num_queries):
    from django.views.defaults import server_error

    request = RequestFactory().get("/boom/")
    with django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "抱歉，服务器暂时出错" in html and "css/site.css" in html


@pytest.mark.parametrize(
    "url",
    [
        "/section/xhdt/?page=99999999999999999999",
        "/section/xhdt/?page=%E4%B8%80",
        "/tags/%F0%9F%98%80/",
        "/tags/a%2Fb/",
        "/tags/" + "长" * 2000 + "/",
        "/about/不存在/",
        "/about/" + "x" * 5000 + "/",
        "/section/xhdt/rss/?page=x",
        "/article/1/view/",
        "/rss/?q=%FF",
        "/sitemap-x.xml",
        "/tags/?page=-1",
        "/search/",
    ],
)
def test_odd_addresses_never_give_a_500(client, reprint, url):
    assert client.get(url).status_code < 500


def test_demo_featured_articles_get_drawn_covers(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    featured = list(Article.objects.filter(featured=True))
    assert len(featured) >= 5
    # The sizes are stored: a page listing them does not open every image file again.
    stored = Article.objects.filter(featured=True).values_list("cover_width", "cover_height")
    assert set(stored) == {(960, 540)}
    html = client.get("/").content.decode()
    assert f'src="{featured[0].cover_image.url}" width="960" height="540"' in html
    assert client.get(featured[0].cover_image.url).status_code == 200


def test_a_non_web_original_link_is_not_shown(client):
    article = make_article(source="某报", original_url="javascript:alert(1)")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "javascript:" not in html and "本文转载自《某报》。" in html


def test_404_has_no_canonical_address(client):
    assert 'rel="canonical"' not in client.get("/nope/").content.decode()
