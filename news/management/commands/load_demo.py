from datetime import datetime
from html import escape
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from association.demo import load_pages
from association.models import SiteSettings
from news.demo import data
from news.demo.covers import add_demo_covers
from news.models import Article, HotTag, Section

DEMO_DIR = Path(data.__file__).resolve().parent


def _local(text):
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M:%S"))


class Command(BaseCommand):
    help = "载入演示内容(栏目、示例文章、热门标签);重复运行不会产生重复数据。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="只在还没有任何文章时载入(make run 用它,不会改动已有内容)。",
        )

    @transaction.atomic
    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("数据库中已有文章,跳过演示内容。")
            return
        site = SiteSettings.load()
        if not site.address:  # only fill a settings row nobody has edited
            for field, value in data.SITE.items():
                setattr(site, field, value)
            site.save()

        sections = {}
        for position, spec in enumerate(data.SECTIONS, start=1):
            sections[spec["slug"]], _ = Section.objects.get_or_create(
                slug=spec["slug"], defaults={**spec, "position": position * 10}
            )

        created = 0
        example = dict(data.EXAMPLE)
        example["body"] = (DEMO_DIR / example.pop("body_file")).read_text(encoding="utf-8")
        created += self._article(example, sections)
        for spec in data.SAMPLES:
            spec = dict(spec)
            paragraphs = spec.pop("paragraphs")
            spec["body"] = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
            created += self._article(spec, sections)

        for position, name in enumerate(data.HOT_TAGS, start=1):
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
            HotTag.objects.get_or_create(tag=tag, defaults={"position": position * 10})

        pages = load_pages()
        add_demo_covers(Article.objects.filter(featured=True, section__in=sections.values()))

        self.stdout.write(
            self.style.SUCCESS(f"演示内容已就绪:新建文章 {created} 篇,协会页面 {pages} 个。")
        )

    def _article(self, spec, sections):
        spec = dict(spec)
        tags = spec.pop("tags", [])
        section = sections[spec.pop("section")]
        published_at = _local(spec.pop("published_at"))
        if Article.objects.filter(title=spec["title"], section=section).exists():
            return 0
        article = Article.objects.create(
            section=section,
            published_at=published_at,
            status=Article.Status.PUBLISHED,
            **spec,
        )
        article.tags.set(tags)
        return 1
