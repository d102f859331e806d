"""The admin page 导入转载文章: paste, upload or fetch; check the fields; save a draft or publish."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Article, AuditEntry, SensitiveWord

from .factories import make_article, make_member, make_section, make_staff
from .reprint_helpers import EXAMPLE, FIXTURES, make_docx, serve

pytestmark = pytest.mark.django_db
URL = "/admin/news/article/import-reprint/"
TITLE = "中欧水处理及膜技术创新产业园建设工作领导小组成立"


def field_value(html, name):
    match = re.search(
        rf'<(?:input|textarea)[^>]*name="{name}"[^>]*?(?:value="([^"]*)"[^>]*)?>([^<]*)', html
    )
    assert match, name
    return unescape(match.group(1) if match.group(1) is not None else match.group(2)).strip()


def review_data(html, **changes):
    """The review form as the editor would submit it, unchanged except for changes."""
    data = {name: field_value(html, name) for name in
            ("title", "source", "author_title", "author", "original_url", "published_at",
             "tags", "body", "lead_attribution", "notes")}  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def editor(client):
    user = make_staff(username="chief")
    client.force_login(user)
    return user


def paste(client, content, **extra):
    return client.post(URL, {"content": content, "url": "", "_parse": "1", **extra})


def test_article_list_links_to_the_import_page(client, editor):
    html = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert f'href="{URL}"' in html and "导入转载文章" in html
    page = client.get(URL).content.decode()
    assert "粘贴文章" in page and "上传 Word 文件" in page and "原文网址" in page


def test_paste_the_example_review_and_publish(client, editor):
    section = make_section(name="协会动态", slug="xhdt")
    html = paste(client, EXAMPLE.read_text("utf-8")).content.decode()
    assert field_value(html, "title") == TITLE
    assert field_value(html, "source") == "威海日报"
    assert field_value(html, "author") == "姜倩倩"
    assert field_value(html, "published_at") == "2018-03-08 08:40:27"
    assert "据威海新闻网2018年3月5日讯" in html and "19 段" in html
    assert '<div class="reprint-preview" lang="zh-Hans"><p>据威海新闻网' in html
    assert "<h2>产城融合</h2>\n<h3>推进羊亭与市区一体化</h3>" in html

    response = client.post(URL, {**review_data(html), "section": section.pk, "_publish": "1"})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{article.pk}/change/")
    assert (article.title, article.source, article.author) == (TITLE, "威海日报", "姜倩倩")
    assert article.status == Article.Status.PUBLISHED
    assert article.created_by == editor and article.updated_by == editor
    assert article.published_at.isoformat() == "2018-03-08T00:40:27+00:00"
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "《威海日报》记者 姜倩倩 / 时间:" in page and "<h3>推进羊亭与市区一体化</h3>" in page


def test_editor_without_publish_right_saves_a_draft(client):
    user = make_staff(username="intern", superuser=False)
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(user)
    section = make_section()
    html = paste(client, EXAMPLE.read_text("utf-8")).content.decode()
    assert 'name="_publish"' not in html and 'name="_save"' in html
    client.post(URL, {**review_data(html), "section": section.pk, "_publish": "1"})
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and article.created_by == user


@pytest.mark.parametrize("group,status", [("编辑", "draft"), ("主编", "published")])
def test_import_follows_the_editorial_roles(client, group, status):
    user = make_member(group)
    client.force_login(user)
    section = make_section()
    html = paste(client, EXAMPLE.read_text("utf-8")).content.decode()
    client.post(URL, {**review_data(html), "section": section.pk, "_publish": "1"})
    article = Article.objects.get()
    assert article.status == status
    # The publish reaches the audit trail exactly once, noted as an import.
    entries = AuditEntry.objects.filter(article=article)
    assert list(entries.values_list("action", "user", "note")) == (
        [("publish", user.pk, "转载导入")] if status == "published" else []
    )


def test_a_sensitive_word_blocks_publishing_an_import(client, editor):
    SensitiveWord.objects.create(word="羊亭")
    section = make_section()
    html = paste(client, EXAMPLE.read_text("utf-8")).content.decode()
    response = client.post(
        URL, {**review_data(html), "section": section.pk, "_publish": "1"}, follow=True
    )
    assert Article.objects.get().status == Article.Status.DRAFT
    assert (
        "含有敏感词,未发布" in response.content.decode() and "【羊亭】" in response.content.decode()
    )


def test_staff_without_add_permission_is_refused(client):
    client.force_login(make_staff(username="reader", superuser=False))
    assert client.get(URL).status_code == 403


def test_upload_a_word_file(client, editor):
    data = make_docx([("Title", "协会召开膜技术标准研讨会"), "作者:何静  时间:2023-02-01 14:00",
                      "2月1日,协会在北京召开膜技术标准研讨会,二十余家会员单位参加。"])  # fmt: skip
    upload = SimpleUploadedFile("研讨会.docx", data)
    html = client.post(
        URL, {"content": "", "docx_file": upload, "url": "", "_parse": "1"}
    ).content.decode()
    assert field_value(html, "title") == "协会召开膜技术标准研讨会"
    assert field_value(html, "author_title") == "作者" and field_value(html, "author") == "何静"
    assert field_value(html, "published_at") == "2023-02-01 14:00:00"


def test_fetch_a_url(client, editor, settings):
    settings.REPRINT_FETCH_ALLOW_PRIVATE = True
    page = (FIXTURES / "gbk-page.html").read_bytes()
    with serve({"/a.html": (200, {"Content-Type": "text/html"}, page)}) as base:
        html = client.post(
            URL, {"content": "", "url": f"{base}/a.html", "_parse": "1"}
        ).content.decode()
    assert field_value(html, "title") == "天津滨海新区海水淡化水进入市政管网"
    assert field_value(html, "original_url") == f"{base}/a.html"


@pytest.mark.parametrize(
    "data,message",
    [
        ({"content": "", "url": ""}, "任选一种"),
        ({"content": "", "url": "http://127.0.0.1:9/x"}, "内部网络"),
        ({"content": "", "url": "ftp://example.org/"}, "http://"),
        ({"content": "\x01\x02\x03\x04" * 50, "url": ""}, "无法识别"),
        ({"content": "欢迎访问本网站!\n版权所有 © 2020", "url": ""}, "只有网站导航"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_what_was_typed(client, editor, data, message):
    response = client.post(URL, {**data, "_parse": "1"})
    assert response.status_code == 200
    assert message in unescape(response.content.decode())


def test_garbage_or_broken_word_upload(client, editor):
    for name, data in [
        ("a.docx", b"PK\x03\x04broken"),
        ("a.doc", b"x"),
        ("a.docx", b"\xd0\xcf\x11\xe0" + b"0" * 99),
    ]:
        upload = SimpleUploadedFile(name, data)
        response = client.post(URL, {"content": "", "docx_file": upload, "url": "", "_parse": "1"})
        assert response.status_code == 200
        assert re.search("已损坏|只能上传 .docx|旧版 Word", response.content.decode())


def test_duplicates_are_shown_and_need_confirmation(client, editor):
    existing = make_article(title=TITLE, source="威海日报", status=Article.Status.DRAFT)
    html = paste(client, EXAMPLE.read_text("utf-8")).content.decode()
    assert "网站上已有疑似相同的文章" in html and "标题和来源相同" in html
    assert reverse("admin:news_article_change", args=[existing.pk]) in html
    data = {**review_data(html), "section": existing.section_id, "_save": "1"}
    response = client.post(URL, data)
    assert response.status_code == 200 and Article.objects.count() == 1
    assert "请核对后勾选此项再保存" in response.content.decode()
    client.post(URL, {**data, "confirm_duplicate": "on"})
    assert Article.objects.count() == 2


def test_same_body_or_original_url_is_a_duplicate(client, editor):
    first = paste(client, EXAMPLE.read_text("utf-8")).content.decode()
    section = make_section()
    client.post(
        URL,
        {
            **review_data(first),
            "section": section.pk,
            "original_url": "https://www.whnews.cn/a/1.html",
            "_save": "1",
        },
    )
    retitled = EXAMPLE.read_text("utf-8").replace(TITLE, "另一个标题")
    html = paste(client, retitled, url="http://www.whnews.cn/a/1.html#top").content.decode()
    assert "正文内容相同" in html and "原文链接相同" in html


def test_suggested_tags_most_frequent_first(client, editor):
    make_article(tags=["膜技术", "新旧动能转换", "羊亭", "海水淡化"])
    html = paste(client, EXAMPLE.read_text("utf-8")).content.decode()
    suggested = re.findall(r'name="suggested_tags" value="([^"]+)"', html)
    assert suggested == ["新旧动能转换", "羊亭", "膜技术"]
    section = make_section()
    client.post(URL, {**review_data(html, tags="招商"), "section": section.pk,
                      "suggested_tags": ["羊亭", "膜技术"], "_save": "1"})  # fmt: skip
    assert sorted(Article.objects.get(title=TITLE).tags.names()) == ["招商", "羊亭", "膜技术"]


def test_preview_shows_edits_and_the_body_is_sanitised(client, editor):
    html = paste(client, EXAMPLE.read_text("utf-8")).content.decode()
    body = '<p onclick="x()">改过的正文,内容更短。</p><script>alert(1)</script>'
    response = client.post(URL, {**review_data(html, body=body), "_preview": "1"})
    page = response.content.decode()
    assert '<div class="reprint-preview" lang="zh-Hans"><p>改过的正文,内容更短。</p></div>' in page
    assert Article.objects.count() == 0
