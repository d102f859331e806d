"""The review step of 导入转载文章: each field's line, 请核对 on guesses, and 设为标题 / 设为来源."""

import re
from html import unescape

import pytest
from django.test import Client

from news.models import Article
from news.reprint import review

from .factories import make_section, make_staff
from .reprint_helpers import FIXTURES, serve
from .test_reprint_admin import URL, field_value, paste

pytestmark = pytest.mark.django_db
BODY = "5月5日，协会召开理事会，部署今年重点工作，要求加快团体标准制定和人才培训。"
# The parser takes the line next to the meta line; the editor knows the kicker above is the title.
PAGE = (
    f"首页 > 新闻\n推进膜产业高质量发展\n宁夏矿井水回用工程通水\n来源：中国水网 2019-06-12\n{BODY}"
)
GUESSED = f"净水圈\n净水圈 2022-05-20 21:00\n滤芯多久换一次？\n周晓 何静\n{BODY}"
FIELDS = ("title", "source", "author_title", "author", "original_url", "published_at", "tags",
          "body", "lead_attribution", "notes", "pasted", "pasted_kind", "picks")  # fmt: skip


@pytest.fixture
def editor(client):
    user = make_staff(username="chief")
    client.force_login(user)
    return user


def form_data(html, **changes):
    data = {name: field_value(html, name) for name in FIELDS}
    return {**data, **changes}


def line(html, n):
    """The text of the listed line n, with its marks and buttons."""
    found = re.search(rf'<li id="reprint-line-{n}".*?</li>', html, re.S)
    assert found, n
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", found.group(0)))).strip()


def origin(html, name):
    found = re.search(
        rf'<div class="help reprint-origin" id="origin-{name}">(.*?)</div>', html, re.S
    )
    assert found, name
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", found.group(1)))).strip()


def test_each_field_names_its_line_and_the_line_is_marked(client, editor):
    html = paste(client, PAGE).content.decode()
    assert field_value(html, "title") == "宁夏矿井水回用工程通水"
    assert origin(html, "title") == "来自原文第 3 行:宁夏矿井水回用工程通水"
    assert origin(html, "source").startswith("来自原文第 4 行:来源")
    assert origin(html, "published_at").startswith("来自原文第 4 行")
    assert 'data-origin-line="reprint-line-3"' in html and 'aria-describedby="origin-title"' in html
    assert 'href="#reprint-line-3"' in html  # without script: a link to the marked line
    assert "← 标题" in line(html, 3) and "← 来源、发布时间" in line(html, 4)
    assert "设为标题" in line(html, 2) and "设为标题" not in line(html, 3)
    assert "设为标题" in line(html, 5) and "设为来源" not in line(html, 5)  # a sentence
    assert "请核对" not in origin(html, "title")
    assert field_value(html, "pasted").replace("\r", "") == PAGE
    assert "news/admin/reprint-review.js" in html and "<script>" not in html


def test_guessed_fields_are_marked_to_check(client, editor):
    html = paste(client, GUESSED).content.decode()
    for name in ("source", "author", "published_at"):
        assert origin(html, name).startswith("请核对 这是推测的"), name
    assert "请核对" not in origin(html, "title")
    assert html.count('<span class="reprint-check" aria-hidden="true">请核对</span>') == 3


def test_set_as_title_reads_the_page_again(client, editor):
    html = paste(client, PAGE).content.decode()
    response = client.post(URL, {**form_data(html), "_pick": "title:1"})
    page = response.content.decode()
    assert response.status_code == 200 and field_value(page, "title") == "推进膜产业高质量发展"
    assert field_value(page, "source") == "中国水网" and field_value(page, "picks") == "title:1"
    assert "← 标题" in line(page, 2)
    assert "设为标题" in line(page, 3)  # the former title is a candidate again
    assert origin(page, "title") == "来自原文第 2 行:推进膜产业高质量发展"


def test_a_pick_keeps_what_the_editor_changed(client, editor):
    section = make_section(name="协会动态", slug="xhdt")
    html = paste(client, GUESSED).content.decode()
    data = form_data(html, author="李四", section=section.pk, tags="膜技术")
    page = client.post(URL, {**data, "_pick": "source:0"}).content.decode()
    assert field_value(page, "author") == "李四" and origin(page, "author") == "已手动修改。"
    assert field_value(page, "source") == "净水圈" and field_value(page, "tags") == "膜技术"
    assert "请核对" not in origin(page, "source")  # the editor chose it
    assert f'<option value="{section.pk}" selected>' in page

    # Then saving works from the re-read page, with everything the editor set.
    client.post(URL, {**form_data(page), "section": section.pk, "_save": "1"})
    article = Article.objects.get()
    assert (article.title, article.source, article.author) == ("滤芯多久换一次？", "净水圈", "李四")


def test_set_as_source_on_the_title_line_finds_another_title(client, editor):
    page = "中国水网\n推进会召开\n2019-06-12\n" + BODY
    html = paste(client, page).content.decode()
    assert field_value(html, "title") == "推进会召开"
    page = client.post(URL, {**form_data(html), "_pick": "author:1"}).content.decode()
    assert field_value(page, "author") == "推进会召开" and field_value(page, "title") == "中国水网"


def test_the_source_survives_a_form_error(client, editor):
    html = paste(client, PAGE).content.decode()
    html = client.post(URL, {**form_data(html), "_pick": "title:1"}).content.decode()
    page = client.post(URL, {**form_data(html), "_save": "1"}).content.decode()  # no section
    assert "errorlist" in page and Article.objects.count() == 0
    assert field_value(page, "pasted").replace("\r", "") == PAGE
    assert field_value(page, "picks") == "title:1" and "← 标题" in line(page, 2)
    assert field_value(page, "title") == "推进膜产业高质量发展"


@pytest.mark.parametrize(
    "changes,message",
    [({"pasted": ""}, "原文没有保留"), ({"_pick": "title:99"}, "无法识别要调整"),
     ({"_pick": "body:1"}, "无法识别要调整"), ({"_pick": "title:x"}, "无法识别要调整")],
)  # fmt: skip
def test_a_pick_that_cannot_be_made_changes_nothing(client, editor, changes, message):
    html = paste(client, PAGE).content.decode()
    data = form_data(html, title="编辑改过的标题", **{"_pick": "title:1", **changes})
    page = client.post(URL, data).content.decode()
    assert message in page and field_value(page, "title") == "编辑改过的标题"


def test_a_long_paste_is_not_kept(client, editor, settings):
    settings.REPRINT_REVIEW_SOURCE_MAX_CHARS = 100
    html = paste(client, PAGE + "\n" + BODY * 3).content.decode()
    assert "原文没有保留" in html and field_value(html, "pasted") == ""
    assert "设为标题" not in html and "← 标题" in line(html, 3)


def test_picks_need_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(URL, {"pasted": PAGE, "_pick": "title:1", "title": "x"})
    assert response.status_code == 403


def test_picks_in_the_hidden_field():
    assert review.parse_picks("title:3, source:5,bad,author:x") == {"title": 3, "source": 5}
    picks = review.with_pick({"title": 3, "source": 5}, "author", 3)
    assert picks == {"source": 5, "author": 3} and review.format_picks(picks) == "source:5,author:3"
    assert review.parse_pick("source:12") == ("source", 12) and review.parse_pick("x") is None


def test_a_sentence_set_as_title_leaves_the_body_unless_the_body_was_edited(client, editor):
    text = f"{PAGE}\n会议要求\n{BODY}"
    html = paste(client, text).content.decode()
    assert "会议要求" in field_value(html, "body")
    page = client.post(URL, {**form_data(html), "_pick": "title:5"}).content.decode()
    assert field_value(page, "title") == "会议要求" and "会议要求" not in field_value(page, "body")

    edited = form_data(html, body=f"<p>编辑改写的导语。</p><h2>会议要求</h2><p>{BODY}</p>")
    page = client.post(URL, {**edited, "_pick": "title:5"}).content.decode()
    assert field_value(page, "title") == "会议要求" and "编辑改写的导语" in field_value(
        page, "body"
    )
    assert "正文已手动修改" in page


def test_a_page_without_a_time_says_so_under_the_time(client, editor):
    html = paste(client, f"推进会召开\n来源：中国水网\n{BODY}").content.decode()
    assert origin(html, "published_at") == "原文中没有找到发布时间,请手动填写。"
    assert origin(html, "author") == "原文中没有找到作者,请手动填写。"


def test_a_fetched_page_is_kept_for_picks(client, editor, settings):
    settings.REPRINT_FETCH_ALLOW_PRIVATE = True
    page = (FIXTURES / "gbk-page.html").read_bytes()
    with serve({"/a.html": (200, {"Content-Type": "text/html"}, page)}) as base:
        html = client.post(URL, {"url": f"{base}/a.html", "_parse": "1"}).content.decode()
    assert field_value(html, "pasted_kind") == "html" and "海水淡化" in field_value(html, "pasted")
    offered = [int(i) for i in re.findall(r'name="_pick" value="title:(\d+)"', html)]
    n = next(i for i in offered if "←" not in line(html, i + 1))  # a line no field came from
    expected = line(html, n + 1).split(" 设为")[0]
    page = client.post(URL, {**form_data(html), "_pick": f"title:{n}"}).content.decode()
    assert field_value(page, "title") == expected != field_value(html, "title")
