"""The media library: uploads judged by content, renditions, <picture> with srcset, lazy loading."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image as PILImage

from news.imaging import MAX_PIXELS
from news.models.images import Image

from .factories import image_bytes, make_article, make_image, make_member

pytestmark = pytest.mark.django_db


def upload(client, data, name="photo.jpg", **fields):
    return client.post(
        reverse("admin:news_image_add"),
        {"upload": SimpleUploadedFile(name, data), "title": "", "alt_text": "", **fields},
    )


def test_upload_keeps_a_clean_image_and_makes_renditions(client):
    exif = PILImage.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0)}  # GPS position
    client.force_login(make_member("编辑", username="photo"))
    response = upload(client, image_bytes("JPEG", (1600, 900), exif=exif.tobytes()), "车间.jpg",
                      alt_text="膜组件生产车间")  # fmt: skip
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.title, image.width, image.height, image.format) == ("车间", 1600, 900, "JPEG")
    assert image.uploaded_by.username == "photo"
    assert image.file.name.endswith(".jpg") and "车间" not in image.file.name
    with image.file.open("rb") as f:
        assert 0x8825 not in PILImage.open(f).getexif()
    assert image.rendition_widths == [320, 640, 960, 1280]
    storage = image.file.storage
    for width in image.rendition_widths:
        for fmt, pil_format in (("webp", "WEBP"), ("jpg", "JPEG")):
            with storage.open(f"images/r/{image.pk}/{width}.{fmt}") as f:
                rendition = PILImage.open(f)
                assert rendition.format == pil_format and rendition.width == width


def test_small_and_transparent_images_get_fitting_renditions():
    small = make_image(size=(500, 300))
    assert small.rendition_widths == [320, 500]
    logo = Image(title="标志").store(image_bytes("PNG", (400, 200), color=(0, 0, 0, 0)), "logo.png")
    assert logo.renditions["fallback"] == "png"
    with logo.file.storage.open(f"images/r/{logo.pk}/400.png") as f:
        assert PILImage.open(f).mode == "RGBA"


def polyglot_gif_js():
    # Starts like a GIF, is really a script: a classic upload-filter bypass.
    return b"GIF89a/*\x00\x00\x00\x00*/=1;alert(document.cookie);//" + b"\x00" * 64


def jpeg_with_html_appended():
    return image_bytes("JPEG", (400, 300)) + b"<html><script>alert(1)</script></html>"


def bomb_png():
    side = int(MAX_PIXELS**0.5) + 100
    out = io.BytesIO()
    PILImage.new("1", (side, side)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("report.jpg", "这不是图片,只是改了扩展名的文本。".encode(), "无法识别的图片"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "无法识别的图片",
        ),
        (
            "logo.jpg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "无法识别的图片",
        ),
        ("cat.gif", polyglot_gif_js(), "无法识别的图片"),
        ("huge.jpg", b"\xff\xd8\xff\xe0" + b"0" * (21 * 1024 * 1024), "图片太大"),
        ("bomb.png", bomb_png(), "像素过多"),
    ],
)
def test_refuses_what_is_not_an_acceptable_image(client, name, data, message):
    client.force_login(make_member("编辑"))
    response = upload(client, data, name)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"“{name}”不能上传" in html and message in html
    assert not Image.objects.exists()

    endpoint = client.post(
        reverse("admin:news_image_upload"), {"file": SimpleUploadedFile(name, data)}
    )
    assert endpoint.status_code == 400
    assert message in endpoint.json()["error"]
    assert not Image.objects.exists()


def test_a_polyglot_tail_is_dropped_from_an_accepted_image():
    image = Image(title="x").store(jpeg_with_html_appended(), "x.jpg")
    with image.file.open("rb") as f:
        assert b"<script>" not in f.read()


def test_editor_upload_endpoint_answers_what_the_editor_inserts(client):
    client.force_login(make_member("编辑"))
    response = client.post(
        reverse("admin:news_image_upload"),
        {
            "file": SimpleUploadedFile("会场.png", image_bytes("PNG", (2000, 1000))),
            "alt_text": "会场",
        },
    )
    assert response.status_code == 201
    data = response.json()["image"]
    image = Image.objects.get()
    assert data["src"] == image.rendition_url(1280) and data["alt"] == "会场"
    assert (data["width"], data["height"]) == (1280, 640)
    recent = json.loads(client.get(reverse("admin:news_image_recent"), {"q": "会场"}).content)
    assert [i["id"] for i in recent["images"]] == [image.pk]
    assert client.get(reverse("admin:news_image_recent"), {"q": "没有"}).json() == {"images": []}


def test_upload_endpoint_needs_permission(client):
    client.force_login(make_member("编辑"))
    client.logout()
    response = client.post(
        reverse("admin:news_image_upload"),
        {"file": SimpleUploadedFile("a.png", image_bytes("PNG"))},
    )
    assert response.status_code == 302 and not Image.objects.exists()  # to the login page


def test_picture_tag_serves_webp_with_fallback_srcset_and_lazy_loading():
    image = make_image(size=(1000, 500))
    html = Template("{% load pictures %}{% picture image %}").render(Context({"image": image}))
    assert html.startswith('<picture><source type="image/webp"')
    assert f"/media/images/r/{image.pk}/320.webp 320w" in html
    assert f"/media/images/r/{image.pk}/1000.jpg 1000w" in html
    assert 'loading="lazy"' in html and 'width="1000" height="500"' in html
    assert 'alt="膜组件"' in html


def test_body_images_from_the_library_become_pictures_on_the_page(client):
    image = make_image(size=(1600, 800))
    article = make_article(
        body=f'<figure><img src="{image.display_url}" alt="会场全景"><figcaption>会场</figcaption></figure>'
        '<p><img src="https://example.org/x.png" alt="外链"></p>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<picture><source type="image/webp"' in html
    assert f"/media/images/r/{image.pk}/640.webp 640w" in html
    assert 'alt="会场全景"' in html
    assert '<img src="https://example.org/x.png" alt="外链" loading="lazy">' in html


def test_cover_from_the_library_is_shown_with_renditions(client):
    image = make_image(title="封面", size=(1200, 600))
    article = make_article(cover=image, cover_alt="大会会场")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<figure class="article-cover"><picture>' in html and 'alt="大会会场"' in html


def test_deleting_a_library_image_removes_its_files():
    image = make_image(size=(700, 400))
    storage, names = image.file.storage, [image.file.name, f"images/r/{image.pk}/640.webp"]
    assert all(storage.exists(n) for n in names)
    image.delete()
    assert not any(storage.exists(n) for n in names)


def test_editor_chooses_a_library_image_as_cover(client):
    image = make_image(title="大会封面", size=(1200, 600))
    article = make_article()
    client.force_login(make_member("编辑"))
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "news", "model_name": "article", "field_name": "cover", "term": "大会"},
    ).json()
    assert [r["id"] for r in found["results"]] == [str(image.pk)]
    from .factories import article_form_data

    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        article_form_data(article, cover=image.pk),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.cover == image
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert image.display_url in html  # the cover preview
