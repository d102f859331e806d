"""A cold article skips queries with what is kept per content version (the ids of articles
with files, events and 回执; the section's newest; previous and next in one query): none of it
may show a page older than the change an editor just made."""

from datetime import timedelta

import pytest
from django.utils import timezone

from association.site.models import SiteSettings

from .factories import make_article, make_attachment, make_event, make_notice_reply, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_settings(db):
    SiteSettings.load()


def related(html):
    start = html.index('class="panel side-panel related"')
    return html[start : html.index("</section>", start)]


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_file_added_to_an_article_without_files_shows_at_once(client):
    article = make_article()
    assert "附件1" not in page(client, article)  # the ids with files are now kept
    attachment = make_attachment(article, name="报名表.pdf")
    html = page(client, article)
    assert "报名表.pdf" in html and f"/attachment/{attachment.pk}/" in html
    attachment.is_public = False
    attachment.save()
    assert "报名表.pdf" not in page(client, article)


def test_an_event_announced_by_an_article_shows_at_once(client):
    article = make_article(title="年会通知")
    assert "article-links" not in page(client, article)
    event = make_event(title="膜产业年会", announcement=article, is_published=True)
    assert f'href="{event.get_absolute_url()}"' in page(client, article)
    event.is_published = False
    event.save()
    assert f'href="{event.get_absolute_url()}"' not in page(client, article)


def test_a_reply_enabled_on_a_notice_shows_at_once_and_goes_when_disabled(client):
    notice = make_article(title="关于报送材料的通知", doc_number="中膜协〔2026〕1号")
    assert "填写回执" not in page(client, notice)
    reply = make_notice_reply(notice)
    assert "填写回执" in page(client, notice)
    reply.enabled = False
    reply.save()
    assert "填写回执" not in page(client, notice)


def test_related_by_section_never_lists_the_article_itself_and_follows_publishes(client):
    section = make_section()
    articles = [make_article(section, title=f"同栏目{i}") for i in range(7)]
    newest = max(articles, key=lambda a: a.published_at)
    shown = related(page(client, newest))
    assert shown.count("<li>") == 6 and f'href="{newest.get_absolute_url()}"' not in shown
    make_article(section, title="刚发布的文章", published_at=timezone.now())
    assert "刚发布的文章" in related(page(client, newest))


def test_previous_and_next_with_equal_times_follow_the_ids(client):
    section = make_section()
    when = make_article(section).published_at - timedelta(days=3)
    first, middle, last = (make_article(section, published_at=when) for _ in range(3))
    html = page(client, middle)
    assert f'上一篇:<a href="{first.get_absolute_url()}">' in html
    assert f'下一篇:<a href="{last.get_absolute_url()}">' in html
    assert "上一篇:没有了" in page(client, make_article(section, published_at=when - timedelta(1)))
