"""Cover pictures for the demo's featured articles, drawn with Pillow (no stock photos)."""

import math
import random
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

SIZE = (960, 540)
PALETTES = [
    ((14, 86, 150), (64, 164, 223)),
    ((10, 96, 110), (80, 190, 190)),
    ((30, 70, 130), (120, 150, 220)),
]


def draw_cover(seed):
    """Return JPEG bytes of an abstract 'water through a membrane' picture."""
    rng = random.Random(seed)  # noqa: S311 -- decoration, not security
    dark, light = PALETTES[seed % len(PALETTES)]
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(d + (c - d) * t) for d, c in zip(dark, light, strict=True)),
        )
    # Layers of the membrane: soft waves across the picture.
    for layer in range(5):
        base = height * (0.35 + layer * 0.12)
        amplitude = 10 + layer * 4
        phase = rng.uniform(0, math.tau)
        points = [
            (x, base + amplitude * math.sin(x / 90 + phase + layer))
            for x in range(0, width + 10, 10)
        ]
        draw.line(points, fill=(255, 255, 255), width=3 + layer)
    # Molecules passing through.
    bubbles = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    bubble_draw = ImageDraw.Draw(bubbles)
    for _ in range(60):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(3, 14)
        bubble_draw.ellipse(
            [x - r, y - r, x + r, y + r], fill=(200, 235, 255, rng.randint(60, 160))
        )
    image.paste(bubbles.filter(ImageFilter.GaussianBlur(1.2)), (0, 0), bubbles)
    out = BytesIO()
    image.save(out, "JPEG", quality=78, optimize=True, progressive=True)
    return out.getvalue()


def add_demo_covers(articles):
    """Give each article without a cover a drawn one; return how many got one."""
    added = 0
    for article in articles:
        if article.cover_image:
            continue
        name = f"demo-{article.pk}.jpg"
        # The content needs its name: Django reads the size from it only if it has one, and
        # without a stored size every page listing the article opens the image file again.
        article.cover_image.save(name, ContentFile(draw_cover(article.pk), name=name), save=False)
        if not article.cover_alt:
            article.cover_alt = "示意图:水分子穿过层层膜材料"
        article.save(update_fields=["cover_image", "cover_width", "cover_height", "cover_alt"])
        added += 1
    return added
