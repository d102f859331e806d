"""Articles that mention a member: found through the search index, checked by editors, listed
on the member page with a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.members.matching import find_articles, match_all, match_member
from association.members.models import MemberMention
from association.site.models import SiteSettings
from news.models import Article

from .factories import make_article, make_member_company, make_section, make_staff

pytestmark = pytest.mark.django_db
Status = MemberMention.Status


@pytest.fixture
def member():
    return make_member_company(name="江苏蓝海膜科技股份有限公司", short_name="蓝海膜科技")


def test_articles_are_matched_on_the_full_name_and_the_short_name(member):
    section = make_section()
    full = make_article(
        section, title="产业园签约", body="<p>江苏蓝海膜科技股份有限公司与园区签约。</p>"
    )
    short = make_article(section, title="蓝海膜科技发布新一代反渗透膜", body="<p>新品发布。</p>")
    apart = make_article(section, title="蓝海之滨", body="<p>一家膜科技企业在海边。</p>")
    other = make_article(section, title="无关新闻", body="<p>超滤膜价格走势。</p>")
    draft = make_article(section, title="蓝海膜科技草稿", status=Article.Status.DRAFT)
    later = make_article(
        section, title="蓝海膜科技预告", published_at=timezone.now() + timedelta(days=1)
    )
    found = find_articles(member)
    assert set(found) == {full.pk, short.pk}
    assert found[full.pk] == "江苏蓝海膜科技股份有限公司" and found[short.pk] == "蓝海膜科技"
    for not_found in (apart, other, draft, later):
        assert not_found.pk not in found


def test_traditional_and_full_width_text_still_matches():
    member = make_member_company(name="ＡＢ膜业有限公司", short_name="華清膜業")
    article = make_article(title="华清膜业扩产", body="<p>ab膜业有限公司也来了。</p>")
    assert set(find_articles(member)) == {article.pk}


def test_matching_keeps_editors_decisions(member):
    first = make_article(title="蓝海膜科技中标", body="<p>中标。</p>")
    second = make_article(title="蓝海膜科技参展", body="<p>参展。</p>")
    assert match_member(member) == 2
    MemberMention.objects.filter(article=first).update(status=Status.REMOVED)
    MemberMention.objects.filter(article=second).update(status=Status.CONFIRMED)
    assert match_member(member) == 0 and match_all() == 0  # a removed match is not added back
    assert dict(MemberMention.objects.values_list("article_id", "status")) == {
        first.pk: Status.REMOVED, second.pk: Status.CONFIRMED,
    }  # fmt: skip


def test_a_newly_published_article_is_matched_when_saved(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="蓝海膜科技获奖", body="<p>获奖。</p>")
    assert MemberMention.objects.filter(member=member, article=article).exists()
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_article(title="蓝海膜科技内部", status=Article.Status.DRAFT)
    assert not MemberMention.objects.filter(article=draft).exists()


def test_member_page_lists_mentions_and_hides_removed_and_withdrawn(client, member):
    shown = make_article(title="蓝海膜科技新闻甲", body="<p>甲。</p>")
    removed = make_article(title="蓝海膜科技新闻乙", body="<p>乙。</p>")
    withdrawn = make_article(title="蓝海膜科技新闻丙", body="<p>丙。</p>")
    match_member(member)
    MemberMention.objects.filter(article=removed).update(status=Status.REMOVED)
    withdrawn.status = Article.Status.DRAFT
    withdrawn.save()
    html = client.get(member.get_absolute_url()).content.decode()
    assert "相关新闻" in html and shown.title in html and shown.get_absolute_url() in html
    assert removed.title not in html and withdrawn.title not in html


def test_editors_confirm_and_remove_matches_in_the_admin(client, member):
    article = make_article(title="蓝海膜科技合作", body="<p>合作。</p>")
    match_member(member)
    mention = MemberMention.objects.get()
    client.force_login(make_staff())
    listing = client.get("/admin/members/membermention/")
    assert listing.status_code == 200 and "蓝海膜科技合作" in listing.content.decode()
    response = client.post(
        "/admin/members/membermention/",
        {"action": "remove", "_selected_action": [mention.pk]},
        follow=True,
    )
    assert "已更新 1 条匹配" in response.content.decode()
    mention.refresh_from_db()
    assert mention.status == Status.REMOVED
    client.logout()
    assert article.title not in client.get(member.get_absolute_url()).content.decode()


# The member, its fields, the mentions with their articles (+ the site chrome: 6 with articles,
# as the hot-tag fallback counts tags over recent ones).
def test_member_page_runs_the_same_queries_at_5_and_50_mentions(client, member):
    SiteSettings.load()
    section = make_section()
    counts = []
    for total in (5, 50):
        existing = MemberMention.objects.count()
        for i in range(existing, total):
            make_article(section, title=f"蓝海膜科技动态{i}", body="<p>动态。</p>")
        match_member(member)
        member.save()  # a change: the next request renders afresh
        with CaptureQueriesContext(connection) as captured:
            response = client.get(member.get_absolute_url())
        assert response["X-Page-Cache"] == "miss"
        counts.append(len(captured.captured_queries))
        assert len(response.context["mentions"]) == min(total, 20)
    assert counts == [9, 9]


def test_a_new_match_renews_the_cached_member_page(client, member):
    SiteSettings.load()
    client.get(member.get_absolute_url())
    assert client.get(member.get_absolute_url())["X-Page-Cache"] == "hit"
    article = make_article(title="蓝海膜科技入选名单", body="<p>入选。</p>")
    client.get(member.get_absolute_url())  # cached again before the match is made
    assert match_member(member) == 1
    assert article.title in client.get(member.get_absolute_url()).content.decode()
