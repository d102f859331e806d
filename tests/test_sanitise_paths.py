"""Every way into an article goes through the same checks: clean_html(), tag addresses."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from news.models import Article, HotTag

from .factories import NO_ATTACHMENTS, make_article, make_section, make_staff

pytestmark = pytest.mark.django_db

DIRTY = (
    '<p onclick="steal()">正文<script>alert(1)</script></p>'
    '<a href="javascript:alert(2)">链接</a><a href=" JaVaScRiPt:alert(3)">二</a>'
    '<img src="x" onerror="alert(4)"><img src="data:image/svg+xml;base64,PHN2Zz4=">'
    '<p style="position:fixed;top:0">红</p><iframe src="/"></iframe>'
    "<svg onload=alert(5)><circle/></svg><style>body{display:none}</style>"
)
BAD_MARKS = ("<script", "onclick", "onerror", "onload", "javascript:", "style", "data:")
BAD_MARKS += ("<iframe", "<svg", "alert(")


def assert_clean(body):
    lowered = body.lower()
    assert [m for m in BAD_MARKS if m in lowered] == []
    assert "正文" in body and "链接" in body and "红" in body


def stored_body(pk):
    return Article.objects.values_list("body", flat=True).get(pk=pk)


def test_create_and_save():
    article = make_article(body=DIRTY)
    assert_clean(stored_body(article.pk))
    article.body = DIRTY
    article.save(update_fields=["title"])  # even a save that names other fields
    assert_clean(stored_body(article.pk))


def test_update_or_create():
    section = make_section()
    article, _ = Article.objects.update_or_create(
        title="脚本", section=section, defaults={"body": DIRTY}
    )
    assert_clean(stored_body(article.pk))


def test_bulk_create_sanitises_and_fills_the_summary():
    section = make_section()
    Article.objects.bulk_create(
        [Article(title=f"批量{i}", section=section, body=DIRTY) for i in range(3)]
    )
    for article in Article.objects.filter(title__startswith="批量"):
        assert_clean(article.body)
        assert article.summary.startswith("正文")


def test_bulk_update():
    articles = [make_article(), make_article()]
    for article in articles:
        article.body = DIRTY
    Article.objects.bulk_update(articles, ["body"])
    for article in articles:
        assert_clean(stored_body(article.pk))


def test_queryset_update():
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body=DIRTY)
    assert_clean(stored_body(article.pk))


def test_queryset_update_with_an_expression_is_refused():
    article = make_article()
    with pytest.raises(TypeError, match="plain string"):
        Article.objects.filter(pk=article.pk).update(
            body=Concat("body", Value("<script>alert(1)</script>"))
        )
    assert "<script" not in stored_body(article.pk)


def test_fixtures_loaded_with_loaddata(tmp_path):
    section = make_section()
    fixture = tmp_path / "articles.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "news.article",
                    "pk": 9001,
                    "fields": {
                        "title": "夹带脚本的夹具",
                        "section": section.pk,
                        "body": DIRTY,
                        "status": "published",
                        "published_at": timezone.now().isoformat(),
                        "created_at": timezone.now().isoformat(),
                        "updated_at": timezone.now().isoformat(),
                    },
                }
            ]
        ),
        encoding="utf-8",
    )
    call_command("loaddata", str(fixture), stdout=StringIO())
    assert_clean(stored_body(9001))


def test_admin_form(client):
    section = make_section()
    client.force_login(make_staff())
    now = timezone.localtime()
    client.post(
        reverse("admin:news_article_add"),
        {
            "title": "后台提交",
            "section": section.pk,
            "body": DIRTY,
            "summary": "",
            "tags": "",
            "source": "",
            "author_title": "记者",
            "author": "",
            "original_url": "",
            "status": "draft",
            "published_at_0": now.strftime("%Y-%m-%d"),
            "published_at_1": now.strftime("%H:%M:%S"),
            "cover_alt": "",
            **NO_ATTACHMENTS,
        },
    )
    assert_clean(Article.objects.get(title="后台提交").body)


def test_tags_of_symbols_only_get_a_working_address(client):
    article = make_article(tags=["★★", "???", "<>"])
    HotTag.objects.create(tag=Tag.objects.get(name="★★"))
    slugs = list(Tag.objects.values_list("slug", flat=True))
    assert all(slugs) and len(set(slugs)) == 3
    html = client.get(article.get_absolute_url()).content.decode()
    assert "★★" in html and "&lt;&gt;" in html
    for tag in Tag.objects.all():
        response = client.get(reverse("news:tag-detail", args=[tag.slug]))
        assert response.status_code == 200 and article.title in response.content.decode()
    assert client.get("/").status_code == 200
