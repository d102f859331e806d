from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from news.models import Article, HotTag, hot_tags

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_articles():
    section = make_section()
    visible = make_article(section)
    make_article(section, status=Article.Status.DRAFT)
    make_article(section, published_at=timezone.now() + timedelta(hours=1))
    make_article(section, status=Article.Status.WITHDRAWN)
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_when_its_time_comes():
    article = make_article(published_at=timezone.now() + timedelta(seconds=1))
    assert article.is_scheduled and not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().get() == article


def test_summary_is_derived_from_body_when_blank():
    body = "<h2>标题</h2><p>" + "膜" * 200 + "</p>"
    article = make_article(body=body, summary="")
    assert article.summary.startswith("标题 膜膜")
    assert article.summary.endswith("…") and len(article.summary) == 121
    kept = make_article(summary="编辑写的摘要")
    assert kept.summary == "编辑写的摘要"


def test_body_is_sanitised_on_every_save_not_only_in_forms():
    article = make_article(
        body='<p onclick="x()">正文<script>alert(1)</script></p><a href="javascript:alert(1)">链接</a>'
        '<img src="x" onerror="alert(1)"><p style="color:red">红</p>'
    )
    article.refresh_from_db()
    for bad in ("<script", "onclick", "javascript:", "onerror", "style="):
        assert bad not in article.body
    assert "正文" in article.body and "链接" in article.body


def test_byline_matches_the_example_meta_line():
    article = make_article(source="威海日报", author_title="记者", author="姜倩倩")
    assert article.byline == "《威海日报》记者 姜倩倩"
    assert make_article(source="《中国水网》", author="").byline == "《中国水网》"
    assert (
        make_article(source="", author_title="作者", author="张三、李四").byline
        == "作者 张三、李四"
    )


def test_chinese_slugs_and_tags():
    section = make_section(name="协会动态", slug="协会动态")
    assert slugify("协会动态") == ""  # why allow_unicode matters
    assert section.get_absolute_url() == "/section/%E5%8D%8F%E4%BC%9A%E5%8A%A8%E6%80%81/"
    article = make_article(section, tags=["水利行业"])
    assert Tag.objects.get(name="水利行业").slug == "水利行业"
    assert list(article.tags.names()) == ["水利行业"]


def test_hot_tags_are_the_editors_list_in_order():
    make_article(tags=["甲", "乙", "丙"])
    HotTag.objects.create(tag=Tag.objects.get(name="丙"), position=1)
    HotTag.objects.create(tag=Tag.objects.get(name="甲"), position=2)
    assert [t.name for t in hot_tags()] == ["丙", "甲"]


def test_hot_tags_fall_back_to_most_used_published_tags():
    section = make_section()
    make_article(section, tags=["常用", "少用"])
    make_article(section, tags=["常用"])
    make_article(section, tags=["草稿标签"], status=Article.Status.DRAFT)
    make_article(section, tags=["草稿标签"], status=Article.Status.DRAFT)
    make_article(section, tags=["草稿标签"], status=Article.Status.DRAFT)
    assert [t.name for t in hot_tags()] == ["常用", "少用"]


def test_str_and_urls():
    article = make_article(title="标题")
    assert str(article) == "标题"
    assert article.get_absolute_url() == f"/article/{article.pk}/"
