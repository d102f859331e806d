"""下载中心: every public attachment, filtered and searched, in a fixed number of queries."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.site.models import SiteSettings

from . import attachment_files as files
from .factories import make_article, make_attachment, make_section

pytestmark = pytest.mark.django_db
URL = "/downloads/"


@pytest.fixture
def shelves():
    SiteSettings.load()
    notices = make_section(name="通知公告", slug="tzgg")
    news = make_section(name="协会动态", slug="xhdt")
    old = timezone.make_aware(datetime(2023, 5, 1, 9, 0))
    meeting = make_article(notices, title="关于召开年会的通知")
    make_attachment(meeting, name="会议通知.pdf", position=1)
    make_attachment(meeting, name="报名回执表.docx", data=files.docx_bytes(), position=2)
    standard = make_article(news, title="团体标准征求意见", published_at=old)
    make_attachment(standard, name="团体标准征求意见稿.zip", data=files.zip_bytes())
    make_attachment(standard, name="内部审阅意见.pdf", is_public=False)
    draft = make_article(notices, title="草稿通知", status="draft")
    make_attachment(draft, name="未发布的附件.pdf")
    return notices, news, meeting, standard


def names(client, query=""):
    html = client.get(URL + query).content.decode()
    every = ["会议通知.pdf", "报名回执表.docx", "团体标准征求意见稿.zip", "内部审阅意见.pdf",
             "未发布的附件.pdf"]  # fmt: skip
    return [name for name in every if f">{name}<" in html]


def test_lists_public_files_of_published_articles_only(client, shelves):
    assert names(client) == ["会议通知.pdf", "报名回执表.docx", "团体标准征求意见稿.zip"]


def test_each_entry_links_to_its_file_and_its_article(client, shelves):
    _, _, meeting, standard = shelves
    html = client.get(URL).content.decode()
    assert html.count(f'href="{meeting.get_absolute_url()}"') == 2
    assert f'href="{standard.get_absolute_url()}"' in html
    for attachment in meeting.attachments.all():
        assert f'href="{attachment.get_absolute_url()}"' in html
    assert "共 3 个文件" in html


@pytest.mark.parametrize(
    "query,expected",
    [
        ("?type=pdf", ["会议通知.pdf"]),
        ("?type=word", ["报名回执表.docx"]),
        ("?type=archive", ["团体标准征求意见稿.zip"]),
        ("?type=image", []),
        ("?section=xhdt", ["团体标准征求意见稿.zip"]),
        ("?year=2023", ["团体标准征求意见稿.zip"]),
        ("?q=回执", ["报名回执表.docx"]),
        ("?q=征求+意见", ["团体标准征求意见稿.zip"]),
        ("?type=pdf&section=tzgg", ["会议通知.pdf"]),
        ("?type=pdf&section=xhdt", []),
    ],
)
def test_filters_by_type_section_year_and_name(client, shelves, query, expected):
    assert names(client, query) == expected


@pytest.mark.parametrize(
    "query",
    ["?type=exe", "?section=无此栏目", "?year=abc", "?year=99999", "?page=999", "?page=x",
     "?q=" + "长" * 10_000, "?q=😀", "?q=%3Cscript%3E", "?type=%00"],
)  # fmt: skip
def test_bad_filters_give_a_page_never_an_error(client, shelves, query):
    response = client.get(URL + query)
    assert response.status_code in (200, 400)  # 400: the NUL guard
    if response.status_code == 200:
        assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_the_navigation_links_to_it_and_marks_it_current(client, shelves):
    home = client.get("/").content.decode()
    assert f'href="{URL}"' in home and "下载中心" in home
    page = client.get(URL).content.decode()
    assert f'href="{URL}" aria-current="page"' in page


def build(size):
    section = make_section()
    for i in range(size):
        article = make_article(section, title=f"通知{i}")
        make_attachment(article, name=f"附件{i}.pdf")
        make_attachment(article, name=f"表格{i}.xlsx", data=files.xlsx_bytes())


@pytest.mark.parametrize("query", ["", "?type=pdf&year=" + str(timezone.now().year), "?q=附件"])
def test_runs_a_fixed_number_of_queries_whatever_the_number_of_files(client, query):
    SiteSettings.load()
    counts = []
    for size in (3, 30):
        build(size)  # a change: what is kept per content version is fetched again
        with CaptureQueriesContext(connection) as first:
            assert client.get(URL + query).status_code == 200
        with CaptureQueriesContext(connection) as later:
            client.get(URL + query + ("&" if query else "?") + "page=1")
        counts.append((len(first.captured_queries), len(later.captured_queries)))
    assert counts[0] == counts[1], counts
    assert counts[0][1] == 1, counts  # the rows (their count and the years are kept)


def test_pages_of_twenty(client):
    SiteSettings.load()
    build(15)  # 30 files
    first = client.get(URL).content.decode()
    assert first.count('class="document"') == 20 and 'rel="next"' in first
    second = client.get(URL + "?page=2").content.decode()
    assert second.count('class="document"') == 10


def test_a_file_of_a_withdrawn_article_leaves_the_centre(client, shelves):
    _, _, meeting, _ = shelves
    assert "共 3 个文件" in client.get(URL).content.decode()
    meeting.status = "withdrawn"
    meeting.save()
    assert names(client) == ["团体标准征求意见稿.zip"]
    assert "共 1 个文件" in client.get(URL).content.decode()  # the kept count is renewed too
    meeting.status, meeting.published_at = "published", timezone.now() + timedelta(days=1)
    meeting.save()
    assert "会议通知.pdf" not in names(client)
