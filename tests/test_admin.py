import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import NO_ATTACHMENTS, make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


def withdraw(client, article):
    """Run the admin's 下线 action on one article, as the logged-in editor."""
    return client.post(
        reverse("admin:news_article_changelist"),
        {"action": "withdraw", "_selected_action": [article.pk]},
    )


def test_admin_login_page_is_chinese(client):
    html = client.get("/admin/login/").content.decode()
    assert "用户名" in html and "密码" in html and "登录" in html


def test_editor_logs_in_creates_and_publishes_an_article(client):
    section = make_section(name="协会动态", slug="xhdt")
    make_staff(username="editor", password="pw-for-tests-9")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "pw-for-tests-9"},
        follow=True,
    )
    assert response.status_code == 200 and response.context["user"].is_authenticated

    now = timezone.localtime()
    response = client.post(
        reverse("admin:news_article_add"),
        {
            "title": "协会召开膜技术交流会",
            "section": section.pk,
            "body": "<p>会议在北京举行。</p>",
            "summary": "",
            "tags": "膜技术, 会议活动",
            "source": "威海日报",
            "author_title": "记者",
            "author": "姜倩倩",
            "original_url": "",
            "status": "draft",
            "published_at_0": now.strftime("%Y-%m-%d"),
            "published_at_1": now.strftime("%H:%M:%S"),
            "cover_alt": "",
            **NO_ATTACHMENTS,
        },
        follow=True,
    )
    assert response.status_code == 200
    article = Article.objects.get(title="协会召开膜技术交流会")
    assert article.created_by.username == "editor" and article.updated_by.username == "editor"
    assert sorted(article.tags.names()) == ["会议活动", "膜技术"]
    assert article.summary == "会议在北京举行。"

    client.logout()
    assert article.title not in client.get("/").content.decode()

    client.force_login(article.created_by)
    client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    client.logout()
    assert article.title in client.get("/").content.decode()
    assert article.title in client.get("/section/xhdt/").content.decode()
    assert "《威海日报》记者 姜倩倩" in client.get(article.get_absolute_url()).content.decode()


def test_withdraw_action_hides_the_article(client):
    article = make_article(title="要撤下的文章")
    client.force_login(make_staff())
    withdraw(client, article)
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_list_shows_columns_filters_and_search(client):
    make_article(title="反渗透膜新闻", source="中国水网", tags=["反渗透"])
    make_article(title="其他新闻")
    client.force_login(make_staff())
    html = client.get(reverse("admin:news_article_changelist")).content.decode()
    for label in ("标题", "栏目", "来源", "状态", "发布时间", "浏览次数", "在网站上查看"):
        assert label in html
    found = client.get(reverse("admin:news_article_changelist"), {"q": "中国水网"})
    assert "反渗透膜新闻" in found.content.decode() and "其他新闻" not in found.content.decode()


def test_scheduled_article_is_labelled_in_beijing_time(client):
    when = timezone.make_aware(timezone.datetime(2099, 1, 2, 9, 30))
    make_article(title="定时文章", published_at=when)
    client.force_login(make_staff())
    html = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert "定时发布(2099-01-02 09:30)" in html


def test_site_settings_hot_tags_and_sections_are_editable(client):
    client.force_login(make_staff())
    response = client.get(reverse("admin:association_sitesettings_changelist"))
    assert response.status_code == 302
    change = client.get(response["Location"])
    assert "欢迎语" in change.content.decode() and "ICP备案号" in change.content.decode()
    assert client.get(reverse("admin:news_hottag_changelist")).status_code == 200
    assert client.get(reverse("admin:news_section_changelist")).status_code == 200


def test_the_admin_speaks_chinese_whatever_the_browser_asks_for(client):
    client.force_login(make_staff())
    html = client.get("/admin/news/article/add/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert "保存并继续编辑" in html.decode() and "Save and continue" not in html.decode()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Accept-Language" not in response.get("Vary", "")  # one language: nothing to vary on


def test_the_editor_is_told_what_an_action_did_even_after_a_look_at_the_site(client):
    article = make_article(title="要撤下的通知")
    client.force_login(make_staff())
    withdraw(client, article)
    # A public page in between neither shows nor drops the message waiting for the admin.
    assert "messagelist" not in client.get("/").content.decode()
    html = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert 'class="messagelist"' in html and "已下线 1 篇文章。" in html
    again = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert 'class="messagelist"' not in again  # shown once, as messages are
