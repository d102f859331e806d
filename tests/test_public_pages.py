from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article

from .factories import make_article, make_example_reprint, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def reprint():
    return make_example_reprint()


def test_article_page_shows_meta_line_headings_and_tags(client, reprint):
    html = client.get(reprint.get_absolute_url()).content.decode()
    assert "《威海日报》记者 姜倩倩 / 时间:" in html
    assert ">2018-03-08 08:40:27</time>" in html
    assert "<h2>产城融合</h2>" in html and "<h3>推进羊亭与市区一体化</h3>" in html
    assert 'href="/tags/%E6%B0%B4%E5%88%A9%E8%A1%8C%E4%B8%9A/"' in html
    assert '<a href="/">首页</a> &gt; <a href="/section/xhdt/">协会动态</a>' in html


def test_article_page_links_previous_and_next_in_section(client, reprint):
    older = make_article(reprint.section, published_at=reprint.published_at - timedelta(days=1))
    newer = make_article(reprint.section, published_at=reprint.published_at + timedelta(days=1))
    make_article(published_at=reprint.published_at - timedelta(hours=1))  # other section
    html = client.get(reprint.get_absolute_url()).content.decode()
    assert f'上一篇:<a href="{older.get_absolute_url()}">' in html
    assert f'下一篇:<a href="{newer.get_absolute_url()}">' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.WITHDRAWN},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_unpublished_articles_are_404_to_visitors_and_previewable_by_staff(client, fields):
    article = make_article(title="未公开的文章", **fields)
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(make_staff())
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "预览" in response.content.decode()


def test_hidden_articles_stay_out_of_lists(client, reprint):
    make_article(reprint.section, title="草稿文章", status=Article.Status.DRAFT, tags=["水利行业"])
    make_article(reprint.section, title="未来文章", published_at=timezone.now() + timedelta(days=1))
    for url in ("/", "/section/xhdt/", "/tags/水利行业/"):
        html = client.get(url).content.decode()
        assert reprint.title in html
        assert "草稿文章" not in html and "未来文章" not in html


def test_home_shows_welcome_hot_tags_navigation_and_latest(client, reprint):
    pinned = make_article(reprint.section, title="置顶的通知", pinned=True,
                          published_at=reprint.published_at - timedelta(days=30))  # fmt: skip
    html = client.get("/").content.decode()
    assert "欢迎访问中国膜工业协会官方网站!" in html
    assert "热门标签:" in html and "水利行业" in html
    assert '<a href="/section/xhdt/">协会动态</a>' in html
    block = html[html.index(f'id="section-{reprint.section.pk}"') :]
    assert block.index(pinned.title) < block.index(reprint.title)


def test_section_page_names_newest_first_pinned_on_top(client, reprint):
    section = reprint.section
    old_pinned = make_article(section, title="旧的置顶", pinned=True,
                              published_at=reprint.published_at - timedelta(days=300))  # fmt: skip
    newest = make_article(section, title="最新的文章")
    html = client.get(section.get_absolute_url()).content.decode()
    assert "<h1>协会动态</h1>" in html and "Association Dynamic" in html
    positions = [html.index(a.title) for a in (old_pinned, newest, reprint)]
    assert positions == sorted(positions)


def test_section_pages_20_to_a_page_and_bad_page_numbers_are_not_errors(client):
    section = make_section(slug="hyzx")
    for _ in range(45):
        make_article(section)
    first = client.get("/section/hyzx/")
    assert len(first.context["articles"]) == 20
    assert "共 45 篇" in first.content.decode()
    assert 'rel="next"' in first.content.decode()
    for page, expected in [("3", 3), ("999", 3), ("abc", 1), ("-1", 3), ("0", 3), ("1e9", 1)]:
        response = client.get(f"/section/hyzx/?page={page}")
        assert response.status_code == 200, page
        assert response.context["page_obj"].number == expected, page


def test_tag_page_lists_published_articles_with_the_tag(client, reprint):
    make_article(title="别的文章", tags=["别的"])
    response = client.get("/tags/%E8%86%9C%E6%8A%80%E6%9C%AF/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "标签:膜技术" in html and reprint.title in html and "别的文章" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/section/nope/",
        "/tags/不存在/",
        "/article/0/",
        "/article/99999999999999999999999999/",
        "/article/abc/",
        "/section/%00/",
        "/" + "长" * 3000 + "/",
    ],
)
def test_unknown_urls_are_404_not_500(client, url):
    assert client.get(url).status_code == 404


def test_nul_in_a_query_string_is_a_clear_400(client):
    response = client.get("/section/xhdt/?page=%00")
    assert response.status_code == 400
    assert "无效字符" in response.content.decode()
