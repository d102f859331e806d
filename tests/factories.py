"""Small helpers that build just what a test needs."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from news.models import Article, Section

_seq = count(1)


def make_section(**fields):
    n = next(_seq)
    fields.setdefault("name", f"栏目{n}")
    fields.setdefault("slug", f"s{n}")
    fields.setdefault("position", n)
    return Section.objects.create(**fields)


def make_article(section=None, tags=(), **fields):
    n = next(_seq)
    fields.setdefault("title", f"文章{n}")
    fields.setdefault("body", f"<p>第{n}篇文章的正文。</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=n))
    article = Article.objects.create(section=section or make_section(), **fields)
    if tags:
        article.tags.set(tags)
    return article


def make_staff(username="editor", superuser=True, password="pw-for-tests-9"):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username=username, password=password, email="")
    return User.objects.create_user(username=username, password=password, is_staff=True)
