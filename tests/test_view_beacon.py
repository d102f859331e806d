"""The view-count beacon: cheap, POST only, ignores robots."""

import pytest
from django.urls import reverse

from news.counting import flush_view_counts
from news.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db
BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
)


def views(article):
    flush_view_counts()  # counts reach the database in batches
    return Article.objects.get(pk=article.pk).view_count


def test_a_visitor_read_is_counted_without_a_csrf_token(django_assert_max_num_queries):
    from django.test import Client

    article = make_article()
    client = Client(enforce_csrf_checks=True)
    url = reverse("news:article-view", args=[article.pk])
    with django_assert_max_num_queries(1):
        response = client.post(url, headers={"user-agent": BROWSER_UA})
    assert response.status_code == 204 and response["Cache-Control"] == "no-store"
    client.post(url, headers={"user-agent": BROWSER_UA})
    assert views(article) == 2


@pytest.mark.parametrize(
    "ua", ["", "Mozilla/5.0 (compatible; Baiduspider/2.0)", "Googlebot/2.1", "curl/8.0",
           "Mozilla/5.0 HeadlessChrome/120.0"],
)  # fmt: skip
def test_robots_are_not_counted(client, ua):
    article = make_article()
    response = client.post(
        reverse("news:article-view", args=[article.pk]), headers={"user-agent": ua}
    )
    assert response.status_code == 204
    assert views(article) == 0


def test_get_is_refused_and_does_not_count(client):
    article = make_article()
    response = client.get(
        reverse("news:article-view", args=[article.pk]), headers={"user-agent": BROWSER_UA}
    )
    assert response.status_code == 405
    assert views(article) == 0


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999999"])
def test_unknown_articles_are_not_an_error(client, pk):
    response = client.post(f"/article/{pk}/view/", headers={"user-agent": BROWSER_UA})
    assert response.status_code in (204, 404)


def test_article_page_loads_the_beacon_script_and_shows_the_count(client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(view_count=1234)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'data-view-url="/article/{article.pk}/view/"' in html
    assert "js/view-beacon.js" in html
    assert "浏览 1234 次" in html
    assert views(article) == 1234  # the page itself writes nothing


def test_staff_preview_of_a_draft_is_not_counted(client, admin_user):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(admin_user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "data-view-url" not in html and "view-beacon.js" not in html
