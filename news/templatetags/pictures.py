"""Responsive images: <picture> with WebP and JPEG/PNG srcset, lazy loading, stable layout."""

import re

from django import template
from django.conf import settings
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from news.models.images import RENDITION_DIR, Image

register = template.Library()

BODY_SIZES = "(max-width: 840px) 100vw, 800px"
COVER_SIZES = "(max-width: 840px) 100vw, 800px"


def picture_html(image, sizes, alt=None, css_class="", extra_attrs=""):
    alt = image.alt_text if alt is None else alt
    if not image.rendition_widths:  # a GIF: the original, which keeps its animation
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy" decoding="async"{}>',
            image.file.url, alt, image.width, image.height,
            format_html(' class="{}"', css_class) if css_class else "",
        )  # fmt: skip
    width, height = image.size_for_width(image.rendition_widths[-1])
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" loading="lazy"'
        ' decoding="async"{}{}></picture>',
        image.srcset("webp"), sizes, image.display_url, image.srcset(), sizes, alt, width,
        height, format_html(' class="{}"', css_class) if css_class else "", extra_attrs,
    )  # fmt: skip


@register.simple_tag
def picture(image, sizes=COVER_SIZES, alt=None, css_class=""):
    """{% picture image sizes="…" %}: the library image as <picture>, lazily loaded."""
    if not image:
        return ""
    return picture_html(image, sizes, alt, css_class)


@register.simple_tag
def cover_picture(article, sizes=COVER_SIZES, css_class="cover"):
    """The article's cover: the library image, or the older directly uploaded cover_image."""
    if article.cover_id:
        return picture_html(article.cover, sizes, article.cover_alt or None, css_class)
    if article.cover_image:
        return format_html(
            '<img class="{}" src="{}" alt="{}" width="{}" height="{}" loading="lazy"'
            ' decoding="async">',
            css_class, article.cover_image.url, article.cover_alt, article.cover_width or "",
            article.cover_height or "",
        )  # fmt: skip
    return ""


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'([a-zA-Z][a-zA-Z0-9-]*)="([^"]*)"')


def _library_paths():
    media = re.escape(settings.MEDIA_URL)
    return (
        re.compile(rf"^{media}{re.escape(RENDITION_DIR)}/(\d+)/\d+\.(?:jpg|png|webp)$"),
        re.compile(rf"^{media}(images/\d{{4}}/\d{{2}}/[0-9a-f]+\.[a-z]+)$"),
    )


@register.filter
def responsive_images(html):
    """Serve library images inside sanitised body HTML as <picture> with srcset, lazily.

    Only for HTML that news.sanitize.clean_html produced on save (it quotes every attribute).
    Images from elsewhere keep their tag, with loading="lazy" added.
    """
    html = str(html or "")
    tags = _IMG_TAG.findall(html)
    if not tags:
        return mark_safe(html)  # noqa: S308 - sanitised on save, unchanged here
    by_rendition, by_file = _library_paths()
    ids, names = set(), set()
    for tag in tags:
        src = dict(_ATTR.findall(tag)).get("src", "")
        if match := by_rendition.match(src):
            ids.add(int(match.group(1)))
        elif match := by_file.match(src):
            names.add(match.group(1))
    images = {}
    if ids or names:
        for image in Image.objects.filter(Q(pk__in=ids) | Q(file__in=names)):
            images[image.pk] = images[image.file.name] = image

    def replace(tag, attrs):
        src = attrs.get("src", "")
        match = by_rendition.match(src) or by_file.match(src)
        image = None
        if match:
            key = match.group(1)
            image = images.get(int(key)) if key.isdigit() else images.get(key)
        if image is None:
            if "loading=" in tag:
                return tag
            return tag[:-1].rstrip("/ ") + ' loading="lazy">'
        # attribute values are as the sanitiser escaped them: unescape nothing, re-escape nothing
        alt = attrs.get("alt")
        extra = "".join(f' {name}="{attrs[name]}"' for name in ("title",) if name in attrs)
        return picture_html(
            image,
            BODY_SIZES,
            alt=mark_safe(alt) if alt else None,  # noqa: S308 - escaped by the sanitiser
            extra_attrs=mark_safe(extra),  # noqa: S308
        )

    return mark_safe(  # noqa: S308 - built from sanitised HTML and escaped values
        _IMG_TAG.sub(lambda m: str(replace(m.group(0), dict(_ATTR.findall(m.group(0))))), html)
    )
