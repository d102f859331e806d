"""The admin's rich-text editor for article bodies (django-prose-editor), in Chinese.

The editor offers only what news/sanitize.clean_html keeps, so what an editor sees is what the
page shows. The server never trusts the editor: Article.save() runs clean_html on every path.
"""

import base64
import hashlib
import re

from django import forms
from django.urls import NoReverseMatch, reverse
from django_prose_editor.widgets import AdminProseEditorWidget

EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,  # chemical formulas: H₂O, CO₂
    "Superscript": True,  # units: m², m³
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Figure": True,  # <figure><img><figcaption>, images come from the media library
    "Image": True,
    "Caption": True,
    "HTML": True,
}


class BodyEditorWidget(AdminProseEditorWidget):
    """The prose editor plus the media-library panel for upload-then-insert."""

    template_name = "news/widgets/body_editor.html"

    def __init__(self, attrs=None):
        super().__init__(attrs, config={"extensions": EDITOR_EXTENSIONS}, preset="configurable")

    @property
    def media(self):
        # editor-zh.js is a classic script: it runs before the editor's modules and gives them
        # window.gettext with the Chinese strings.
        return super().media + forms.Media(
            js=["news/admin/editor-zh.js", "news/admin/image-picker.js"],
            css={"all": ["news/admin/editor.css"]},
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        try:
            context["library"] = {
                "upload_url": reverse("admin:news_image_upload"),
                "recent_url": reverse("admin:news_image_recent"),
            }
        except NoReverseMatch:  # the widget used outside the admin
            context["library"] = None
        return context


_INLINE_SCRIPT = re.compile(r"<script type=\"importmap\"[^>]*>(.*?)</script>", re.S)


def importmap_csp_sources():
    """The CSP script-src sources ('sha256-…') for the editor's inline import map.

    The import map is the editor's only inline script; its text depends on the static URLs, so
    compute the hash where the CSP is built rather than hard-coding it.
    """
    html = str(BodyEditorWidget().media)
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
        for m in _INLINE_SCRIPT.findall(html)
    ]
