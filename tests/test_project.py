"""The project's shape: migrations, production settings, demo content and the admin account."""

import ast
import importlib
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from news.models import Article, HotTag, Section

ROOT = Path(__file__).resolve().parent.parent


def test_chinese_first_settings():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def run_prod_check(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    base["DJANGO_SETTINGS_MODULE"] = "association.settings.prod"
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env,missing",
    [
        ({}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_ALLOWED_HOSTS": "example.org"}, "DJANGO_SECRET_KEY"),
    ],
)
def test_production_settings_refuse_to_start_without_secrets(env, missing):
    result = run_prod_check(**env)
    assert result.returncode != 0
    assert "must be set in production" in result.stderr and missing in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_start_when_configured():
    result = run_prod_check(DJANGO_SECRET_KEY="k" * 60, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_demo_content_loads_the_example_once():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert sorted(Section.objects.values_list("name", flat=True)) == sorted(
        ["协会动态", "行业资讯", "通知公告", "政策法规"]
    )
    example = Article.objects.get(title="中欧水处理及膜技术创新产业园建设工作领导小组成立")
    assert example.byline == "《威海日报》记者 姜倩倩"
    assert example.section.name == "协会动态"
    assert sorted(example.tags.names()) == ["水利行业", "膜技术"]
    for heading in ("<h2>产城融合</h2>", "<h2>创新驱动</h2>", "<h2>多管齐下</h2>"):
        assert heading in example.body
    assert example.body.count("<h3>") == 3
    assert Article.objects.count() >= 13
    assert Article.objects.values("title").distinct().count() == Article.objects.count()
    assert [h.tag.name for h in HotTag.objects.select_related("tag")] == [
        "水利行业",
        "最大反渗透式",
    ]


@pytest.mark.django_db
def test_demo_if_empty_leaves_an_edited_site_alone():
    call_command("load_demo", stdout=StringIO())
    Article.objects.filter(title__startswith="协会2018年春节").delete()
    call_command("load_demo", "--if-empty", stdout=StringIO())
    assert not Article.objects.filter(title__startswith="协会2018年春节").exists()


@pytest.mark.django_db
def test_ensure_admin_generates_a_password_once(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().split("密码 ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert "已存在" in again.getvalue() and password not in again.getvalue()


@pytest.mark.django_db
def test_ensure_admin_uses_admin_password(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "from-the-env-42")
    call_command("ensure_admin", stdout=StringIO())
    assert get_user_model().objects.get(username="admin").check_password("from-the-env-42")


def _project_imports(path):
    """(line, module, name) for each import of the project's own code in a script."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in ("news", "association"):
                yield from ((node.lineno, node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("news", "association"):
                    yield node.lineno, alias.name, None


def test_the_benchmarks_and_tools_import_what_exists():
    """Scripts outside the suite still find what they import after code moves."""
    broken = []
    for script in sorted([*ROOT.glob("bench/*.py"), *ROOT.glob("tools/**/*.py")]):
        for line, module, name in _project_imports(script):
            try:
                imported = importlib.import_module(module)
                if name and not hasattr(imported, name):
                    importlib.import_module(f"{module}.{name}")
            except ImportError:
                broken.append(f"{script.relative_to(ROOT)}:{line} {module} {name or ''}")
    assert broken == []
