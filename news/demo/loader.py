"""The newsroom's demo content: sections, the example reprint, sample articles, hot tags."""

from datetime import datetime
from html import escape
from pathlib import Path

from django.utils import timezone
from taggit.models import Tag

from ..models import Article, HotTag, Section
from . import data
from .covers import add_demo_covers
from .notices import load_notices

DEMO_DIR = Path(data.__file__).resolve().parent


def _local(text):
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M:%S"))


def load_news():
    """Create what is missing; return how many articles were created."""
    sections = {}
    for position, spec in enumerate(data.SECTIONS, start=1):
        sections[spec["slug"]], _ = Section.objects.get_or_create(
            slug=spec["slug"], defaults={**spec, "position": position * 10}
        )

    created = 0
    example = dict(data.EXAMPLE)
    example["body"] = (DEMO_DIR / example.pop("body_file")).read_text(encoding="utf-8")
    created += _article(example, sections)
    for spec in data.SAMPLES:
        spec = dict(spec)
        paragraphs = spec.pop("paragraphs")
        spec["body"] = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        created += _article(spec, sections)
    created += load_notices(sections["tzgg"])

    for position, name in enumerate(data.HOT_TAGS, start=1):
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        HotTag.objects.get_or_create(tag=tag, defaults={"position": position * 10})

    add_demo_covers(Article.objects.filter(featured=True, section__in=sections.values()))
    return created


def _article(spec, sections):
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
