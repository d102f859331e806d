"""The body editor: what it can make survives the sanitiser, and pasted Word/web HTML is clean."""

import pytest
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from news.editor import EDITOR_EXTENSIONS
from news.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_html

from .factories import make_article, make_member

# Attributes the editor may emit that the site deliberately drops: rel is set by the sanitiser
# itself, data-file/data-type are editor bookkeeping, and figures need no class.
DROPPED = {("a", "rel"), ("img", "data-file"), ("ol", "data-type"), ("figure", "class")}


def test_everything_the_editor_can_make_is_allowed_by_the_sanitiser():
    allow = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))
    assert set(allow["tags"]) <= ALLOWED_TAGS
    for tag, attributes in allow["attributes"].items():
        for attribute in attributes:
            assert (tag, attribute) in DROPPED or attribute in ALLOWED_ATTRIBUTES.get(tag, set())
    assert {"h2", "h3", "h4", "table", "img", "figure", "blockquote", "a", "ul", "ol"} <= set(
        allow["tags"]
    )
    assert "h1" not in allow["tags"] and "h5" not in allow["tags"]


def test_tables_and_images_from_the_editor_survive():
    html = (
        '<table><tbody><tr><th colspan="1" rowspan="1"><p>指标</p></th><th colspan="1" rowspan="1">'
        '<p>数值</p></th></tr><tr><td colspan="2" rowspan="1"><p>脱盐率 99.7%</p></td></tr>'
        '</tbody></table><figure><img src="/media/images/r/1/1280.jpg" alt="膜组件" width="1280" '
        'height="720"><figcaption>膜组件</figcaption></figure><ol type="a" start="3"><li><p>一</p></li></ol>'
    )
    assert clean_html(html) == html


WORD_PASTE = """<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
<p class=MsoNormal style='mso-margin-top-alt:auto;margin-bottom:12.0pt;mso-line-height-rule:exactly'>
<b><span lang=ZH-CN style='font-family:宋体;mso-ascii-font-family:Calibri;mso-hansi-font-family:Calibri'>产城融合</span></b><o:p></o:p></p>
<table class=MsoTableGrid border=1 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><td width=284 valign=top style='width:213.0pt;mso-border-alt:solid windowtext .5pt'>
<p class=MsoNormal><span style='mso-bidi-font-family:Arial'>反渗透膜</span></p></td></tr></table>
<p><a href="javascript:alert(1)" onclick="alert(2)" style="color:red">链接</a>
<img src="x" onerror="alert(3)" style="width:expression(alert(4))" class="wp-image-12"></p>
<script>alert(5)</script><style>p{color:red}</style>"""


@pytest.mark.django_db
def test_pasted_word_and_web_html_is_stored_clean():
    article = make_article(body=WORD_PASTE)
    body = article.body
    for bad in (
        "mso-",
        "class=",
        "style",
        "<o:",
        "<!--",
        "<xml",
        "javascript:",
        "onerror",
        "onclick",
        "<script",
        "expression",
        "color:red",
    ):
        assert bad not in body, bad
    assert '<b><span lang="ZH-CN">产城融合</span></b>' in body  # bold kept, Word's styling gone
    assert "<p><span>反渗透膜</span></p></td>" in body  # the table survives


@pytest.mark.django_db
def test_admin_form_loads_the_editor_in_chinese(client):
    article = make_article()
    client.force_login(make_member("编辑"))
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "data-django-prose-editor-configurable" in html
    assert "news/admin/editor-zh.js" in html and "news/admin/image-picker.js" in html
    assert "插入图片(先上传到图片库,再插入正文)" in html
    # a classic script: it runs while the page is parsed, before the editor's (deferred) modules
    assert '<script src="/static/news/admin/editor-zh.js">' in html
    assert (
        "<script>" not in html.split('id="content"')[1].split("</form>")[0]
    )  # no inline script in the form


@pytest.mark.django_db
def test_the_only_inline_script_on_the_editor_page_is_the_hashed_import_map(client):
    import base64
    import hashlib
    import re

    from news.editor import importmap_csp_sources

    client.force_login(make_member("编辑"))
    html = client.get(reverse("admin:news_article_add")).content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert importmap_csp_sources() == [f"'sha256-{digest}'"]
