"""An article's own HTML is rendered once and kept in the database (news/rendering.py): a
cold article page reads it instead of rendering templates, and every change it shows is on
the very next view. Each view here comes after a renewed content version (another publish),
so the kept copy in the database is all that remains between two views."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from association.site.models import SiteSettings
from association.web.pagecache.version import bump_content_version, current_version
from news import rendering
from news.models import Article, ArticleRendering

from .factories import make_article, make_image, make_section, make_staff

pytestmark = pytest.mark.django_db
PART = "news/article/content.html"


@pytest.fixture(autouse=True)
def _setup(db, settings):
    settings.PAGE_CACHE_ENABLED = False
    SiteSettings.load()


def view(client, article, **extra):
    """The page after someone else's publish: nothing is kept per content version."""
    bump_content_version()
    response = client.get(f"/article/{article.pk}/", **extra)
    assert response.status_code == 200
    response.html = response.content.decode()
    response.rendered = PART in [t.name for t in response.templates]
    return response


def test_a_cold_view_reads_the_stored_html_and_renders_no_template(client):
    article = make_article(tags=["超滤"], title="膜法水处理论坛开幕")
    first = view(client, article)
    assert first.rendered and ArticleRendering.objects.filter(article=article).exists()
    again = view(client, article)
    assert not again.rendered
    assert again.html == first.html
    assert "膜法水处理论坛开幕" in again.html and 'rel="tag">超滤</a>' in again.html


def test_a_save_renders_and_stores_once_committed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(tags=["反渗透"])
    assert not view(client, article).rendered


def test_a_crawl_runs_two_queries_an_article_and_renders_nothing(client):
    section = make_section()
    articles = [make_article(section, tags=["共同", f"标签{i}"]) for i in range(6)]
    for article in articles:
        rendering.refresh(article.pk)
    bump_content_version()
    client.get(articles[0].get_absolute_url())  # reads what is kept per content version
    for article in articles[1:]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(article.get_absolute_url())
        assert len(ctx.captured_queries) == 2
        assert PART not in [t.name for t in response.templates]


def test_an_edit_without_a_save_shows_on_the_next_view(client):
    article = make_article(title="旧标题")
    view(client, article)
    Article.objects.filter(pk=article.pk).update(title="新标题")
    html = view(client, article).html
    assert "新标题" in html and "旧标题" not in html


def test_tags_added_or_renamed_show_on_the_next_view(client):
    article = make_article(tags=["超滤"])
    view(client, article)
    article.tags.add("纳滤")
    assert 'rel="tag">纳滤</a>' in view(client, article).html
    tag = Tag.objects.get(name="超滤")
    tag.name = "超滤膜"
    tag.save()
    html = view(client, article).html
    assert 'rel="tag">超滤膜</a>' in html and 'content="超滤膜"' in html


def test_a_renamed_section_shows_on_the_next_view(client):
    section = make_section(name="行业动态", slug="news-a")
    article = make_article(section)
    view(client, article)
    section.name, section.slug = "协会新闻", "news-b"
    section.save()
    html = view(client, article).html
    assert '栏目:<a href="/section/news-b/">协会新闻</a>' in html  # not only in the navigation


def test_an_edited_cover_image_shows_on_the_next_view(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = make_image(alt_text="旧的说明")
    article = make_article(cover=image)
    assert 'alt="旧的说明"' in view(client, article).html
    image.alt_text = "新的说明"
    image.save()
    assert 'alt="新的说明"' in view(client, article).html


def test_view_count_and_closing_deadline_are_current(client, monkeypatch):
    deadline = timezone.now() + timedelta(hours=1)
    notice = make_article(doc_number="中膜协〔2026〕3号", reply_deadline=deadline)
    assert "进行中" in view(client, notice).html
    Article.objects.filter(pk=notice.pk).update(view_count=4321)
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = view(client, notice).html
    assert "浏览 4321 次" in html and "已截止" in html


def test_new_templates_or_code_render_again(client, monkeypatch):
    article = make_article()
    view(client, article)
    assert not view(client, article).rendered
    monkeypatch.setattr(rendering, "_code_digest", "a deploy changed the templates")
    assert view(client, article).rendered


def test_each_host_gets_its_own_absolute_addresses_from_one_copy(client, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    article = make_article()
    path = article.get_absolute_url()
    first = view(client, article, HTTP_HOST="a.example").html
    second = view(client, article, HTTP_HOST="b.example").html
    assert f'rel="canonical" href="http://a.example{path}"' in first
    assert f'rel="canonical" href="http://b.example{path}"' in second
    assert f'"url":"http://b.example{path}"' in second and "a.example" not in second
    assert ArticleRendering.objects.filter(article=article).count() == 1


def test_staff_previews_are_fresh_and_never_stored(client):
    draft = make_article(status=Article.Status.DRAFT, title="草稿一篇")
    public = make_article(title="已发布的一篇")
    view(client, public)
    ArticleRendering.objects.filter(article=public).update(
        parts={"nonce": "0" * 16, **{name: "<p>旧的副本</p>" for name in rendering.PART_TEMPLATES}}
    )
    assert "旧的副本" in view(client, public).html  # visitors are served the kept copy
    client.force_login(make_staff())
    assert "旧的副本" not in view(client, public).html
    assert "预览" in view(client, draft).html
    assert not ArticleRendering.objects.filter(article=draft).exists()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_storing_renews_no_version_and_writes_no_counter(client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(view_count=7)
    token = current_version()["token"]
    assert rendering.refresh(article.pk)
    assert current_version()["token"] == token
    article.refresh_from_db()
    assert article.view_count == 7


def test_the_command_renders_what_is_missing_and_is_idempotent(capsys):
    articles = [make_article() for _ in range(3)]
    make_article(status=Article.Status.DRAFT)
    call_command("render_articles")
    assert "已生成 3 篇" in capsys.readouterr().out
    assert ArticleRendering.objects.count() == 3
    call_command("render_articles")
    assert "已生成 0 篇" in capsys.readouterr().out
    Article.objects.filter(pk=articles[0].pk).update(title="改过")
    call_command("render_articles")
    assert "已生成 1 篇" in capsys.readouterr().out


def test_slot_marks_pasted_by_an_editor_stay_plain_text(client):
    # The kept HTML's slots are private-use characters around a name and a nonce; text with
    # those characters (a hostile paste, a guessed nonce) is shown as typed, never filled in.
    pasted = ["\ue000related\ue000", "\ue000origin:0123456789abcdef\ue000"]
    article = make_article(title=f"标题{pasted[0]}", body=f"<p>正文{pasted[0]}{pasted[1]}</p>")
    for response in (view(client, article), view(client, article)):  # rendered, then stored
        assert response.html.count(pasted[0]) >= 2  # the title (h1, og...) and the body
        assert pasted[1] in response.html
        assert response.html.count("暂无相关文章") == 1  # the related slot filled once, not thrice
