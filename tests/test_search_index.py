"""The search index follows every change to an article, its tags and the dictionary."""

from io import StringIO

import pytest
from django.core.management import call_command
from taggit.models import Tag

from news.models import Article, TaggedArticle
from news.search import text
from news.search.models import IndustryTerm, SearchDocument

from .factories import make_article, make_section
from .search_helpers import body, fresh_dictionary, titles  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_saving_indexes_title_summary_body_source_author_and_tags():
    article = make_article(
        title="年会通知", body=body("会议讨论纳滤膜标准。"), summary="编辑写的摘要提到正渗透",
        source="中国水网", author="姜倩倩", tags=["海水淡化"],
    )  # fmt: skip
    for q in ("年会", "纳滤膜", "正渗透", "中国水网", "海水淡化"):
        assert titles(q) == ["年会通知"], q
    document = SearchDocument.objects.get(article=article)
    assert document.title_terms == "年 会 通知"  # no HMM guessing: unknown words fall apart
    assert "<p>" not in document.terms


def test_edit_publish_withdraw_and_delete_are_followed():
    article = make_article(title="超滤项目验收", status=Article.Status.DRAFT)
    assert titles("超滤") == []
    article.status = Article.Status.PUBLISHED
    article.save(update_fields=["status"])  # what the admin's publish action does
    assert titles("超滤") == ["超滤项目验收"]
    article.title = "纳滤项目验收"
    article.save()
    assert titles("超滤") == [] and titles("纳滤") == ["纳滤项目验收"]
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert titles("纳滤") == []
    article.status = Article.Status.PUBLISHED
    article.save()
    article.delete()
    assert titles("纳滤") == [] and not SearchDocument.objects.exists()


def test_queryset_delete_removes_documents_too():
    section = make_section()
    make_article(section, title="电渗析一")
    make_article(section, title="电渗析二")
    Article.objects.filter(section=section).delete()
    assert titles("电渗析") == [] and SearchDocument.objects.count() == 0


def test_tag_changes_are_followed():
    article = make_article(title="新闻一则", tags=["陶瓷膜"])
    assert titles("陶瓷膜") == ["新闻一则"]
    article.tags.add("膜蒸馏")
    assert titles("膜蒸馏") == ["新闻一则"]
    article.tags.remove("陶瓷膜")
    assert titles("陶瓷膜") == []
    article.tags.set(["苦咸水"])
    assert titles("膜蒸馏") == [] and titles("苦咸水") == ["新闻一则"]
    tag = Tag.objects.get(name="苦咸水")
    tag.name = "浓盐水"
    tag.save()
    assert titles("浓盐水") == ["新闻一则"] and titles("苦咸水") == []
    article.tags.clear()
    assert titles("浓盐水") == []


def test_unchanged_article_stays_found_when_only_status_fields_are_saved():
    article = make_article(title="再生水利用", tags=["再生水"])
    article.save(update_fields=["pinned"])
    assert titles("再生水") == ["再生水利用"]


def test_rebuild_command_restores_a_lost_index_and_reports_progress():
    section = make_section()
    for n in range(5):
        make_article(section, title=f"零排放案例{n}", tags=["工业废水"])
    SearchDocument.objects.all().delete()
    assert titles("零排放") == []
    out = StringIO()
    call_command("rebuild_search_index", "--batch-size", "2", stdout=out)
    assert len(titles("零排放")) == 5 and len(titles("工业废水")) == 5
    lines = out.getvalue()
    assert "已索引 2/5 篇" in lines and "已索引 5/5 篇" in lines
    assert "搜索索引已重建:5 篇文章" in lines


def test_bulk_created_articles_are_found_after_a_rebuild():
    section = make_section()
    Article.objects.bulk_create(
        [Article(title=f"正渗透{n}", section=section, status="published") for n in range(3)]
    )
    TaggedArticle.objects.all()  # bulk_create sends no signals: nothing indexed yet
    assert titles("正渗透") == []
    call_command("rebuild_search_index", verbosity=0, stdout=StringIO())
    assert len(titles("正渗透")) == 3


@pytest.mark.usefixtures("fresh_dictionary")
def test_industry_dictionary_keeps_terms_whole():
    assert "膜生物反应器" in text.segment("采用膜生物反应器工艺").split()  # seeded by 0003
    assert "仿生水通道蛋白" not in text.segment("仿生水通道蛋白").split()
    IndustryTerm.objects.create(word="仿生水通道蛋白")
    assert "仿生水通道蛋白" in text.segment("仿生水通道蛋白").split()
    IndustryTerm.objects.get(word="仿生水通道蛋白").delete()
    assert "仿生水通道蛋白" not in text.segment("仿生水通道蛋白").split()


@pytest.mark.usefixtures("fresh_dictionary")
def test_other_processes_pick_up_dictionary_changes(settings):
    settings.SEARCH_DICTIONARY_CHECK_SECONDS = 3600
    text.segment("预热")  # this process has checked just now
    IndustryTerm.objects.bulk_create([IndustryTerm(word="卤水提锂")])  # as another process would
    assert "卤水提锂" not in text.segment("卤水提锂")  # not checked again yet: no query per call
    settings.SEARCH_DICTIONARY_CHECK_SECONDS = 0
    assert "卤水提锂" in text.segment("卤水提锂").split()


@pytest.mark.usefixtures("fresh_dictionary")
def test_articles_indexed_before_a_word_was_added_are_still_found():
    make_article(title="卤水提锂项目投产")
    IndustryTerm.objects.create(word="卤水提锂")
    assert titles("卤水提锂") == ["卤水提锂项目投产"]  # matched through the word's pieces


def test_big_rebuild_segments_in_worker_processes(monkeypatch):
    from news.search import indexing

    monkeypatch.setattr(indexing, "POOL_THRESHOLD", 0)  # as if there were many articles
    section = make_section()
    for n in range(6):
        make_article(section, title=f"渗透汽化{n}", tags=["中空纤维膜"])
    SearchDocument.objects.all().delete()
    count, _ = indexing.rebuild(batch_size=4)
    assert count == 6 and len(titles("渗透汽化")) == 6 and len(titles("中空纤维膜")) == 6
    assert Article.objects.count() == 6  # the database connection still works after the workers
