"""通知公告: document number, issuing body and a deadline that closes the notice with no cron."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from association.site.models import SiteSettings
from news.models import next_notice_deadline

from .factories import article_form_data, make_article, make_attachment, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices():
    SiteSettings.load()  # a running site has it; creating it is itself a change
    return make_section(name="通知公告", slug="tzgg")


def warm(client, url):
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def make_notice(section, **fields):
    fields.setdefault("title", "关于召开2025年会员大会的通知")
    fields.setdefault("doc_number", "中膜协〔2025〕12号")
    fields.setdefault("issuer", "中国膜工业协会秘书处")
    return make_article(section, **fields)


def test_the_notice_page_shows_number_issuer_and_deadline(client, notices):
    deadline = timezone.now() + timedelta(days=10)
    notice = make_notice(notices, reply_deadline=deadline)
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "发文字号" in html and "中膜协〔2025〕12号" in html
    assert "发文单位" in html and "中国膜工业协会秘书处" in html
    assert timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M") in html
    assert "进行中" in html and "已截止" not in html


def test_an_ordinary_article_shows_no_notice_facts(client, notices):
    html = client.get(make_article(notices).get_absolute_url()).content.decode()
    assert "发文字号" not in html and "截止日期" not in html


def test_a_past_deadline_says_closed_on_the_page_and_in_the_list(client, notices):
    notice = make_notice(notices, reply_deadline=timezone.now() - timedelta(days=1))
    assert "已截止" in client.get(notice.get_absolute_url()).content.decode()
    html = client.get(notices.get_absolute_url()).content.decode()
    assert 'class="is-closed"' in html and "已截止" in html


def test_the_deadline_passing_renews_the_cached_pages_with_no_save(client, notices):
    deadline = timezone.now() + timedelta(seconds=1.5)
    notice = make_notice(notices, reply_deadline=deadline)
    assert "已截止" not in warm(client, notice.get_absolute_url())
    assert "已截止" not in warm(client, notices.get_absolute_url())
    time.sleep(max(0.0, (deadline - timezone.now()).total_seconds()) + 0.1)
    assert "已截止" in client.get(notice.get_absolute_url()).content.decode()
    assert "已截止" in client.get(notices.get_absolute_url()).content.decode()


def test_next_deadline_is_the_earliest_open_one_of_published_notices(notices):
    soon = timezone.now() + timedelta(hours=1)
    make_notice(notices, reply_deadline=soon + timedelta(hours=5))
    make_notice(notices, reply_deadline=soon)
    make_notice(notices, reply_deadline=timezone.now() - timedelta(hours=1))  # already closed
    make_notice(notices, reply_deadline=soon - timedelta(minutes=30), deleted_at=timezone.now())
    assert next_notice_deadline(time.time()) == soon


def test_the_list_shows_number_date_and_a_paperclip_for_files(client, notices):
    with_files = make_notice(notices, title="有附件的通知")
    make_attachment(with_files)
    hidden_only = make_notice(notices, title="只有内部附件的通知", doc_number="")
    make_attachment(hidden_only, is_public=False)
    html = client.get(notices.get_absolute_url()).content.decode()
    items = {title: html[html.index(title) : html.index("</li>", html.index(title))]
             for title in ("有附件的通知", "只有内部附件的通知")}  # fmt: skip
    assert 'class="paperclip"' in items["有附件的通知"] and "有附件" in items["有附件的通知"]
    assert "中膜协〔2025〕12号" in items["有附件的通知"]
    assert timezone.localtime(with_files.published_at).strftime("%Y-%m-") in items["有附件的通知"]
    assert 'class="paperclip"' not in items["只有内部附件的通知"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_paperclip_costs_no_query_per_notice(client, notices, size, django_assert_num_queries):
    for i in range(size):
        make_attachment(make_notice(notices, title=f"通知{i}"))
    client.get(notices.get_absolute_url())  # the count and site chrome are kept per version
    with django_assert_num_queries(3):  # section, the page's ids, the page's rows
        response = client.get(notices.get_absolute_url(), headers={"Cookie": "x=1"}, data={"v": 1})
    assert response.content.decode().count('class="paperclip"') == min(size, 20)


def test_editors_set_the_notice_fields_in_the_admin(client, notices):
    client.force_login(make_staff())
    notice = make_article(notices, status="draft")
    data = article_form_data(
        notice, doc_number="中膜协〔2025〕3号", issuer="秘书处",
        reply_deadline_0="2025-03-10", reply_deadline_1="17:00:00",
    )  # fmt: skip
    response = client.post(reverse("admin:news_article_change", args=[notice.pk]), data)
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.doc_number == "中膜协〔2025〕3号" and notice.issuer == "秘书处"
    assert (
        timezone.localtime(notice.reply_deadline).strftime("%Y-%m-%d %H:%M") == "2025-03-10 17:00"
    )
    assert notice.is_closed


def test_the_demo_has_three_notices_with_real_files_and_one_closed(client):
    from io import StringIO

    from django.core.management import call_command

    from news.models import Article, Attachment

    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # idempotent
    # Three notices with files, and the events demo's notice of the coming conference.
    notices = Article.objects.filter(section__slug="tzgg").exclude(doc_number="")
    assert notices.count() == 4
    assert [n.is_closed for n in notices.order_by("-published_at")] == [False, False, False, True]
    from association.events.models import NoticeReply

    [reply] = NoticeReply.objects.all()  # the 会员代表大会 notice asks for an online 回执
    assert reply.article.doc_number == "中膜协〔2018〕12号" and reply.is_open
    files = Attachment.objects.filter(article__in=notices)
    assert files.values("article").distinct().count() == 3
    assert sorted(files.values_list("kind", flat=True)) == ["docx", "pdf", "pdf", "xlsx"]
    for attachment in files:
        assert attachment.text_note.startswith("已提取"), attachment.text_note
        response = client.get(attachment.get_absolute_url(), headers={"User-Agent": "Mozilla/5.0"})
        with attachment.file.open("rb") as stored:
            assert b"".join(response.streaming_content) == stored.read()
    html = client.get("/section/tzgg/").content.decode()
    assert html.count('class="paperclip"') == 3 and "已截止" in html
