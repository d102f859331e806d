"""Two editors on one article: the second save is refused and the second editor's text is kept."""

import pytest
from django.urls import reverse

from news.models import Article

from .factories import article_form_data, make_article, make_member

pytestmark = pytest.mark.django_db


def test_the_second_save_is_refused_and_shows_the_text_back(client):
    article = make_article(title="共同编辑的文章", body="<p>原文</p>", status=Article.Status.DRAFT)
    wang, zhao = make_member("编辑", username="wang"), make_member("编辑", username="zhao")
    url = reverse("admin:news_article_change", args=[article.pk])
    opened_by_wang = article_form_data(article, body="<p>小王改的正文</p>")
    opened_by_zhao = article_form_data(article, body="<p>小赵辛苦写的一大段新正文</p>")

    client.force_login(wang)
    assert client.post(url, opened_by_wang).status_code == 302

    client.force_login(zhao)
    response = client.post(url, opened_by_zhao)
    assert response.status_code == 200
    html = response.content.decode()
    assert "这篇文章在您打开之后已被 wang" in html and "没有丢失" in html
    assert "小赵辛苦写的一大段新正文" in html  # their text is in the re-shown form
    assert "用我的版本覆盖" in html
    article.refresh_from_db()
    assert article.body == "<p>小王改的正文</p>"

    # Having looked, zhao chooses to overwrite: the form they resubmit still carries the old version.
    response = client.post(url, {**opened_by_zhao, "overwrite": "on"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>小赵辛苦写的一大段新正文</p>"
    assert article.revisions.filter(data__body="<p>小王改的正文</p>").exists()


def test_saving_again_after_a_save_is_not_a_conflict(client):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(make_member("编辑"))
    url = reverse("admin:news_article_change", args=[article.pk])
    assert client.post(url, article_form_data(article, title="第一次")).status_code == 302
    article.refresh_from_db()
    assert client.post(url, article_form_data(article, title="第二次")).status_code == 302


def test_the_form_carries_the_version_it_was_opened_at(client):
    article = make_article()
    article.save()
    client.force_login(make_member("编辑"))
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert f'name="lock_version" value="{article.version}"' in html and article.version == 2
