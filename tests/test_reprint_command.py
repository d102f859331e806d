"""python manage.py import_reprint: folders of .txt/.html/.docx into drafts, or JSON."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from news.models import Article, AuditEntry

from .factories import make_section
from .reprint_helpers import EXAMPLE, FIXTURES, make_docx

pytestmark = pytest.mark.django_db
KEYS = [
    "file",
    "title",
    "source",
    "author",
    "published",
    "lead_attribution",
    "headings",
    "paragraphs",
]


@pytest.fixture
def folder(tmp_path):
    for name in (
        "weihai-daily-2018-03-08.txt",
        "member-page.html",
        "gbk-page.html",
        "xinhua-dispatch.txt",
    ):
        shutil.copy(FIXTURES / name, tmp_path / name)
    sub = tmp_path / "word"
    sub.mkdir()
    (sub / "研讨会.docx").write_bytes(
        make_docx(
            [
                ("Title", "协会召开膜技术标准研讨会"),
                "作者:何静  时间:2023-02-01 14:00",
                "2月1日,协会在北京召开膜技术标准研讨会,二十余家会员单位参加。",
            ]
        )  # fmt: skip
    )
    (sub / "损坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (sub / "notes.md").write_text("不是要导入的文件")
    return tmp_path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_reprint", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_prints_one_object_per_file_and_touches_no_database(folder, django_assert_num_queries):
    with django_assert_num_queries(0):
        out, err = run(folder, "--dry-run", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 6  # the .md file is not an article
    good = [r for r in records if "error" not in r]
    bad = [r for r in records if "error" in r]
    assert all(list(r) == KEYS for r in good)
    assert len(bad) == 1 and bad[0]["file"].endswith("损坏.docx") and "已损坏" in bad[0]["error"]
    example = next(r for r in good if r["file"].endswith(".txt") and "weihai" in r["file"])
    assert example["title"] == "中欧水处理及膜技术创新产业园建设工作领导小组成立"
    assert example["published"] == "2018-03-08T08:40:27+08:00"
    assert example["headings"][:2] == ["产城融合", "推进羊亭与市区一体化"]
    assert "失败 1 个" in err and Article.objects.count() == 0


def test_import_then_reimport_creates_no_duplicates(folder):
    section = make_section(slug="hyzx")
    out, err = run(folder, "--section", "hyzx")
    assert "已导入 5 篇,跳过重复 0 篇,失败 1 个" in out
    assert "损坏.docx" in err
    assert Article.objects.count() == 5
    article = Article.objects.get(source="膜世界")
    assert (article.author, article.status, article.section) == (
        "周晓",
        Article.Status.DRAFT,
        section,
    )
    assert article.original_url == "https://www.lanhai-membrane.example/news/2019/0918/1024.html"

    out, _err = run(folder, "--section", "hyzx")
    assert "已导入 0 篇,跳过重复 5 篇,失败 1 个" in out
    assert Article.objects.count() == 5


def test_dry_run_reports_without_saving(folder):
    make_section(slug="hyzx")
    out, _err = run(folder / "word", "--section", "hyzx", "--dry-run")
    assert "可导入 1 篇" in out and Article.objects.count() == 0


def test_publish_and_section_by_name(tmp_path):
    make_section(name="协会动态", slug="xhdt")
    shutil.copy(EXAMPLE, tmp_path / "a.txt")
    run(tmp_path / "a.txt", "--section", "协会动态", "--publish")
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and article.is_public
    assert article.published_at.isoformat() == "2018-03-08T00:40:27+00:00"
    publish_entries = AuditEntry.objects.filter(article=article).values_list("action", "note")
    assert list(publish_entries) == [("publish", "转载导入")]  # written once, by the revision


def test_section_is_required_and_checked(folder):
    make_section(name="协会动态", slug="xhdt")
    with pytest.raises(CommandError, match="--section"):
        run(folder)
    with pytest.raises(CommandError, match=r"xhdt\(协会动态\)"):
        run(folder, "--section", "nope")


def test_missing_paths_and_progress_on_long_runs(tmp_path):
    make_section(slug="s")
    text = EXAMPLE.read_text("utf-8")
    for n in range(25):
        (tmp_path / f"{n:02}.txt").write_text(text.replace("领导小组成立", f"领导小组成立({n})"))
    out, err = run(tmp_path, tmp_path / "missing.txt", "--section", "s")
    assert "进度:25/25" in err and "找不到文件或文件夹" in err
    # Same body, different titles: the first is imported, the rest are duplicates.
    assert "已导入 1 篇,跳过重复 24 篇,失败 1 个" in out
