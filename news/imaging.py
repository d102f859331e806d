"""Checks and normalises every image that enters the site (uploads, imports, fetched pages).

Images are judged by their content with Pillow, never by file name or declared type.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class ImageRejected(ValueError):
    """The data is not an image the site accepts; str() is a message for the editor."""


@dataclass(frozen=True)
class CheckedImage:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return ALLOWED_FORMATS[self.format]


def _open(data):
    if not data:
        raise ImageRejected("文件是空的。")
    if len(data) > MAX_BYTES:
        raise ImageRejected(f"图片太大:{len(data) / 1024 / 1024:.1f} MB,上限 20 MB。")
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected("无法识别的图片:只接受 JPEG、PNG、WebP 和 GIF 格式。") from exc
    except Image.DecompressionBombError as exc:
        raise ImageRejected("图片像素过多(疑似解压炸弹),上限 4000 万像素。") from exc
    if image.format not in ALLOWED_FORMATS:
        raise ImageRejected(f"不支持的图片格式 {image.format}:只接受 JPEG、PNG、WebP 和 GIF 格式。")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageRejected(
            f"图片像素过多:{width}×{height},上限 4000 万像素(疑似解压炸弹或超大图片)。"
        )
    return image


def check_image(data, max_side=None):
    """Validate image bytes and return them cleaned: location data stripped, scaled to max_side.

    Raises ImageRejected with a message for the editor.
    """
    image = _open(data)
    fmt = image.format
    try:
        image.load()  # decodes the whole image: a truncated or corrupt file fails here
    except Image.DecompressionBombError as exc:
        raise ImageRejected("图片像素过多(疑似解压炸弹),上限 4000 万像素。") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected("图片文件已损坏或不完整。") from exc

    too_big = max_side and max(image.size) > max_side
    if fmt == "GIF" and not too_big:
        # GIF carries no EXIF; re-encoding would drop animation frames.
        return CheckedImage(data, fmt, *image.size)

    image = ImageOps.exif_transpose(image)  # keep the visible orientation, then drop EXIF
    if too_big:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True, progressive=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:  # a GIF scaled down
        image.save(out, "GIF")
    return CheckedImage(out.getvalue(), fmt, *image.size)
