"""Save the images of an imported article into the site's media, so it never hot-links."""

import base64
import binascii
import hashlib
import logging
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from ..imaging import ImageRejected, check_image
from .fetch import MAX_BYTES, FetchError, fetch_image

logger = logging.getLogger(__name__)

MAX_IMAGES = 30  # per article
TIME_BUDGET = 60  # seconds for all the images of one article
UPLOAD_TO = "reprint/%Y/%m/"


class _Unusable(ValueError):
    pass


def _label(item, number):
    if item.image_data:
        return f"第 {number} 张图片"
    src = item.image_src
    return src if len(src) <= 80 else src[:77] + "…"


def _data_uri(src):
    header, _, payload = src.partition(",")
    if ";base64" not in header or len(payload) > MAX_BYTES * 4 // 3 + 4:
        raise _Unusable("内嵌图片格式不支持或太大")
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise _Unusable("内嵌图片数据已损坏") from exc


def _local_file(src, base_dir):
    root = Path(base_dir).resolve()
    path = (root / unquote(urlsplit(src).path)).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise _Unusable("找不到图片文件")
    if path.stat().st_size > MAX_BYTES:
        raise _Unusable("图片文件超过 5 MB")
    return path.read_bytes()


def _image_bytes(item, base_url, base_dir):
    if item.image_data:
        return item.image_data
    src = item.image_src.strip()
    scheme = urlsplit(src).scheme.lower()
    if scheme == "data":
        return _data_uri(src)
    if scheme == "file":
        raise _Unusable("这是从 Word 复制时留下的本机图片地址,网站读不到,请另行上传这张图片")
    if scheme in ("http", "https") or src.startswith("//") or (base_url and not scheme):
        return fetch_image(urljoin(base_url or "https://", src))
    if not scheme and base_dir:
        return _local_file(src, base_dir)
    if not scheme:
        raise _Unusable("图片地址是相对地址,不知道它在哪个网站;请填写原文网址后重新解析")
    raise _Unusable(f"不支持的图片地址类型 {scheme}:")


def store_image(checked):
    """Save a checked image under media/reprint/, named by its content (saved once)."""
    digest = hashlib.blake2b(checked.content, digest_size=12).hexdigest()
    name = timezone.localtime().strftime(UPLOAD_TO) + f"{digest}.{checked.extension}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(checked.content))
    return default_storage.url(name)


def localise_images(parsed, *, base_url="", base_dir=None):
    """Download or read every image of parsed's body into media and point the body at the copies.

    An image that fails is left out, with a note for the editor; the rest of the import goes on.
    """
    max_side = settings.REPRINT_IMAGE_MAX_SIDE
    started = time.monotonic()
    kept, number, skipped = [], 0, 0
    for item in parsed.items:
        if item.tag != "img":
            kept.append(item)
            continue
        number += 1
        if number > MAX_IMAGES or time.monotonic() - started > TIME_BUDGET:
            skipped += 1
            continue
        try:
            checked = check_image(_image_bytes(item, base_url, base_dir), max_side=max_side)
        except (FetchError, ImageRejected, _Unusable, OSError) as exc:
            parsed.notes.append(f"图片 {_label(item, number)} 没有导入:{exc}")
            continue
        except Exception:  # an odd address must not stop the import
            logger.warning("image %r failed", item.image_src, exc_info=True)
            parsed.notes.append(f"图片 {_label(item, number)} 没有导入:地址无法识别")
            continue
        item.image_src, item.image_data = store_image(checked), b""
        kept.append(item)
    if skipped:
        parsed.notes.append(
            f"另有 {skipped} 张图片没有导入(每篇最多 {MAX_IMAGES} 张、{TIME_BUDGET} 秒),"
            "请另行上传。"
        )
    parsed.items = kept
    parsed.render()
    return parsed
