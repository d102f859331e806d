"""Documents: the blank application form (.docx) anyone may download, and the applicants'
uploads, which only staff with the permission may read."""

import mimetypes
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404

from .docx_form import build_application_form
from .models import MembershipApplication

DOCUMENTS_PERMISSION = "members.view_application_documents"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _disposition(filename, inline=False):
    ascii_name = "".join(c if c.isascii() and c.isalnum() or c in ".-_" else "_" for c in filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def application_form_docx(request):
    """入会申请表.docx, made from the template in docx_form.py with today's levels and fields."""
    response = HttpResponse(build_application_form(), content_type=DOCX)
    response["Content-Disposition"] = _disposition("入会申请表.docx")
    return response


@login_required
def document_download(request, pk, which):
    """An applicant's document, for staff with the permission only; always as a download."""
    if not request.user.is_staff or not request.user.has_perm(DOCUMENTS_PERMISSION):
        raise PermissionDenied("没有下载入会申请材料的权限。")
    if which not in MembershipApplication.DOCUMENTS:
        raise Http404("没有这份材料")
    application = get_object_or_404(MembershipApplication, pk=pk)
    document = getattr(application, which)
    if not document or not document.storage.exists(document.name):
        raise Http404("材料文件不存在")
    extension = document.name.rsplit(".", 1)[-1].lower() if "." in document.name else ""
    content_type = mimetypes.types_map.get(f".{extension}", "application/octet-stream")
    label = MembershipApplication.DOCUMENTS[which]
    filename = f"{application.name}-{label}.{extension}" if extension else label
    response = FileResponse(document.open("rb"), content_type=content_type)
    response["Content-Disposition"] = _disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
