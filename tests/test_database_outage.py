"""While the database is unreachable visitors get a 503 page in the site's look (never a
traceback), and the site answers normally again as soon as it is back."""

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def database_down(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)


@pytest.mark.parametrize("url", ["/", "/section/xhdt/", "/search/?q=膜", "/tags/膜技术/"])
def test_pages_say_the_site_is_briefly_down(db, monkeypatch, visitor, url):
    make_section(name="协会动态", slug="xhdt")
    database_down(monkeypatch)
    response = visitor.get(url)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "10" and response["Cache-Control"] == "no-store"
    assert "网站正在短暂维护" in html and 'class="site-header"' in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_other_errors_still_get_the_500_page(db, monkeypatch, visitor):
    def broken(self, *args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken)
    response = visitor.get("/")
    assert response.status_code == 500
    assert "服务器暂时出错" in response.content.decode()


def test_the_site_recovers_when_the_database_is_back(db, monkeypatch, visitor):
    article = make_article(make_section(name="协会动态", slug="xhdt"), title="恢复后的文章")
    with monkeypatch.context() as patch:
        database_down(patch)
        assert visitor.get(article.get_absolute_url()).status_code == 503
    response = visitor.get(article.get_absolute_url())
    assert response.status_code == 200 and "恢复后的文章" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_cut_by_a_restart_is_made_again(monkeypatch, visitor):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to restart")
    article = make_article(make_section(name="协会动态", slug="xhdt"), title="重启后的文章")
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)  # as in production
    assert visitor.get(article.get_absolute_url()).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    other = connection.copy()  # a second session, as a restart of the server would cut ours
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    close_old_connections()  # what the WSGI handler does as the next request starts
    response = visitor.get(article.get_absolute_url())
    assert response.status_code == 200 and "重启后的文章" in response.content.decode()
    connection.close()
