"""Attachment downloads: the headers that keep a file a file, the way the bytes go out, counts.

The bytes never pass through a worker in production: behind nginx the answer is an empty
response with X-Accel-Redirect (ATTACHMENT_X_ACCEL_PREFIX, an internal location of
deploy/nginx/newsroom.conf), on S3 a redirect to the object. Only the development server
streams the file itself. Every answer says Content-Disposition: attachment with the display
name as filename*=UTF-8''…, and nosniff, so a browser never shows a file as a page.

Downloads are counted like views: bots are left out, and counts are batched (news/counting.py).
"""

import atexit
import os
import re
from urllib.parse import quote

from django.conf import settings
from django.db.models import Case, F, Value, When
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from association.web.counters import BatchedCounts, flush_quietly, is_bot

from .models import Attachment

BATCH = 500
MAX_ID = 2**63 - 1
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".wps": "application/vnd.ms-works",
    ".et": "application/vnd.ms-excel",
    ".zip": "application/zip",
    ".rar": "application/vnd.rar",
    ".7z": "application/x-7z-compressed",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
# A downloaded file is no page: it may load nothing and run nothing, even if opened in a tab.
DOWNLOAD_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"


def _write_downloads(counts):
    items = sorted(counts.items())
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        increment = Case(*[When(pk=pk, then=Value(n)) for pk, n in chunk], default=Value(0))
        Attachment.objects.filter(pk__in=[pk for pk, _ in chunk]).update(
            download_count=F("download_count") + increment
        )


downloads = BatchedCounts(
    "downloads:pending", _write_downloads, "download counts",
    lambda: settings.VIEW_COUNT_FLUSH_THRESHOLD,
)  # fmt: skip


def flush_download_counts(wait=False):
    """Write pending download counts in bulk; return how many were written."""
    return downloads.flush(wait)


atexit.register(lambda: downloads.keeps_counts_here() and flush_quietly())


def content_disposition(name, disposition="attachment"):
    """attachment; filename="…"; filename*=UTF-8''…: the Chinese name survives in every browser,
    and old ones that only read filename get an ASCII stand-in."""
    stem, extension = os.path.splitext(name)
    extension = re.sub(r"[^A-Za-z0-9.]+", "", extension)
    plain = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_") if stem.isascii() else ""
    fallback = f"{plain or 'download'}{extension}"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _counts(request):
    """A visit that downloads the file: not a bot, not a HEAD, not the rest of a resumed one."""
    if request.method != "GET" or is_bot(request.headers.get("User-Agent")):
        return False
    byte_range = request.headers.get("Range", "").replace(" ", "")
    return not byte_range or byte_range.startswith("bytes=0-")


def _local_path(storage, name):
    try:
        return storage.path(name)
    except NotImplementedError:  # object storage (S3): no path on this machine
        return None


def attachment_download(request, pk):
    if pk > MAX_ID or request.method not in ("GET", "HEAD"):
        raise Http404
    attachments = Attachment.objects.select_related("article")
    if not request.user.is_staff:
        attachments = attachments.published()
    attachment = get_object_or_404(attachments, pk=pk)
    if _counts(request):
        downloads.add(attachment.pk)

    name = attachment.download_name
    content_type = CONTENT_TYPES.get(attachment.extension, "application/octet-stream")
    storage, stored = attachment.file.storage, attachment.file.name
    path = _local_path(storage, stored)
    if path is None:
        response = HttpResponseRedirect(
            storage.url(stored, parameters={
                "ResponseContentDisposition": content_disposition(name),
                "ResponseContentType": content_type,
            })
        )  # fmt: skip
    elif settings.ATTACHMENT_X_ACCEL_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.ATTACHMENT_X_ACCEL_PREFIX + quote(stored)
    else:
        try:
            response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
        except FileNotFoundError as exc:
            raise Http404("附件文件不存在") from exc
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    response["Cache-Control"] = "private, no-store"  # each download is counted by Django
    return response
