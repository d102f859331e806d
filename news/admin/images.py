"""Admin for the media library: upload (checked by content), browse, and the editor's endpoints."""

from pathlib import PurePosixPath

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from ..imaging import MAX_BYTES, ImageRejected, check_image
from ..models.images import MAX_STORED_SIDE, Image

RECENT_LIMIT = 24


def read_checked_upload(upload):
    """Return the checked image of an uploaded file; raise ImageRejected with a clear message."""
    if upload.size > MAX_BYTES:
        raise ImageRejected(f"图片太大:{upload.size / 1024 / 1024:.1f} MB,上限 20 MB。")
    return check_image(upload.read(), max_side=MAX_STORED_SIDE)


class ImageAdminForm(forms.ModelForm):
    upload = forms.FileField(
        label="图片文件",
        required=False,
        help_text="JPEG、PNG、WebP 或 GIF,最大 20 MB、4000 万像素;照片中的位置等拍摄信息会被清除。",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Image
        fields = ["upload", "title", "alt_text"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError("请选择要上传的图片。")
            return None
        try:
            self.checked = read_checked_upload(upload)
        except ImageRejected as exc:
            raise forms.ValidationError(f"“{upload.name}”不能上传:{exc}") from exc
        self.upload_name = upload.name
        return upload


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "title", "alt_text", "dimensions", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "alt_text"]
    list_filter = ["format", "created_at"]
    readonly_fields = ["preview", "dimensions", "format", "file_size", "uploaded_by", "created_at"]
    list_per_page = 50
    list_select_related = ["uploaded_by"]

    def get_fields(self, request, obj=None):
        fields = ["upload", "title", "alt_text"]
        if obj:
            fields = ["preview", *fields, "dimensions", "format", "file_size", "uploaded_by"]
        return fields

    @admin.display(description="缩略图")
    def thumbnail(self, obj):
        return format_html('<img class="library-thumb" src="{}" alt="">', obj.thumbnail_url())

    @admin.display(description="预览")
    def preview(self, obj):
        return format_html('<img class="library-preview" src="{}" alt="">', obj.display_url)

    @admin.display(description="尺寸")
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}"

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["news/admin/editor.css"]})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        checked = getattr(form, "checked", None)
        if checked:
            obj.store_checked(checked, getattr(form, "upload_name", "image"))
        else:
            obj.save()

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="news_image_upload"),
            path("recent/", self.admin_site.admin_view(self.recent_view), name="news_image_recent"),
            *super().get_urls(),
        ]

    @staticmethod
    def as_json(image):
        width, height = image.size_for_width(
            image.rendition_widths[-1] if image.rendition_widths else image.width
        )
        return {
            "id": image.pk,
            "title": image.title,
            "alt": image.alt_text,
            "src": image.display_url,
            "thumb": image.thumbnail_url(),
            "width": width,
            "height": height,
        }

    @staticmethod
    def _require(request, allowed):
        if not allowed:
            raise PermissionDenied

    def upload_view(self, request):
        """Take one image from the body editor's panel; answer JSON."""
        return require_POST(self._upload)(request)

    def _upload(self, request):
        self._require(request, self.has_add_permission(request))
        upload = request.FILES.get("file")
        if upload is None:
            return JsonResponse({"error": "没有收到图片文件,请重新选择。"}, status=400)
        try:
            checked = read_checked_upload(upload)
        except ImageRejected as exc:
            return JsonResponse({"error": f"“{upload.name}”不能上传:{exc}"}, status=400)
        image = Image(
            title=request.POST.get("title", "").strip()[:200]
            or PurePosixPath(upload.name).stem[:200],
            alt_text=request.POST.get("alt_text", "").strip()[:200],
            uploaded_by=request.user,
        )
        image.store_checked(checked, upload.name)
        return JsonResponse({"image": self.as_json(image)}, status=201)

    def recent_view(self, request):
        return require_GET(self._recent)(request)

    def _recent(self, request):
        self._require(request, self.has_view_permission(request))
        images = Image.objects.all()
        query = request.GET.get("q", "").strip()
        if query:
            images = images.filter(Q(title__icontains=query) | Q(alt_text__icontains=query))
        return JsonResponse({"images": [self.as_json(i) for i in images[:RECENT_LIMIT]]})
