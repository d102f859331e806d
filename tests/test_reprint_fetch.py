"""Fetching a page or an image from another site: limits, redirects, internal addresses."""

import gzip
import time

import pytest

from news.reprint import fetch as fetching
from news.reprint import parse_reprint
from news.reprint.fetch import FetchError, fetch_page
from news.reprint.images import localise_images

from .reprint_helpers import FIXTURES, image_bytes, serve

GBK_PAGE = (FIXTURES / "gbk-page.html").read_bytes()
HTML = {"Content-Type": "text/html"}


@pytest.fixture
def allow_local(settings):
    settings.REPRINT_FETCH_ALLOW_PRIVATE = True


def test_fetches_a_gbk_page_and_detects_its_charset(allow_local):
    with serve({"/news/1.html": (200, HTML, GBK_PAGE)}) as base:
        parsed = parse_reprint(fetch_page(f"{base}/news/1.html"))
    assert parsed.title == "天津滨海新区海水淡化水进入市政管网"
    assert parsed.source == "天津日报"
    assert parsed.original_url == f"{base}/news/1.html"


def test_charset_from_the_http_header_and_gzip(allow_local):
    text = (FIXTURES / "gbk-plain.txt").read_bytes().decode("gbk")
    page = f"<html><body><h1>{text.splitlines()[0]}</h1><p>{'</p><p>'.join(text.splitlines()[1:])}</p></body></html>"
    headers = {"Content-Type": "text/html; charset=GBK", "Content-Encoding": "gzip"}
    with serve({"/a": (200, headers, gzip.compress(page.encode("gbk")))}) as base:
        parsed = parse_reprint(fetch_page(f"{base}/a"))
    assert parsed.title == "膜法工艺助力钢铁企业废水“近零排放”"
    assert parsed.source == "中国冶金报"


def test_follows_up_to_three_redirects(allow_local):
    routes = {
        "/1": (301, {"Location": "/2"}, b""),
        "/2": (302, {"Location": "/3"}, b""),
        "/3": (307, {"Location": "/page"}, b""),
        "/page": (200, HTML, GBK_PAGE),
        "/0": (301, {"Location": "/1"}, b""),
    }
    with serve(routes) as base:
        assert fetch_page(f"{base}/1").url == f"{base}/page"
        with pytest.raises(FetchError, match="跳转次数过多"):
            fetch_page(f"{base}/0")


def test_refuses_internal_addresses_by_default():
    with serve({"/": (200, HTML, GBK_PAGE)}) as base:
        with pytest.raises(FetchError, match="内部网络"):
            fetch_page(base + "/")
    for url in ("http://localhost/", "http://10.0.0.8/", "http://169.254.169.254/latest/",
                "http://[::1]/", "http://0.0.0.0/"):  # fmt: skip
        with pytest.raises(FetchError, match="内部网络"):
            fetch_page(url)


def test_checks_the_address_again_after_each_redirect(monkeypatch):
    answers = iter([True])  # the first address is allowed, the redirect target is not
    monkeypatch.setattr(fetching, "_allow_private", lambda: next(answers, False))
    routes = {"/go": (302, {"Location": "http://127.0.0.1:9/admin"}, b"")}
    with serve(routes) as base:
        with pytest.raises(FetchError, match="内部网络"):
            fetch_page(f"{base}/go")


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a.html", "file:///etc/passwd", "javascript:1", "http://"]
)
def test_only_http_and_https(url):
    with pytest.raises(FetchError):
        fetch_page(url)


def test_redirect_to_another_scheme_is_refused(allow_local):
    with serve({"/go": (302, {"Location": "file:///etc/passwd"}, b"")}) as base:
        with pytest.raises(FetchError, match="http"):
            fetch_page(f"{base}/go")


def test_size_limit_with_and_without_content_length(allow_local):
    big = b"<p>" + b"x" * (5 * 1024 * 1024) + b"</p>"
    routes = {
        "/declared": (200, HTML, big),
        "/streamed": (200, HTML, lambda: (big[i : i + 65536] for i in range(0, len(big), 65536))),
    }
    with serve(routes) as base:
        for path in ("/declared", "/streamed"):
            with pytest.raises(FetchError, match="太大"):
                fetch_page(base + path)


def test_a_slow_server_is_cut_off(allow_local, monkeypatch):
    monkeypatch.setattr(fetching, "TIMEOUT", 1)

    def drip():
        for _ in range(30):
            yield b"<p>x</p>"
            time.sleep(0.2)

    with serve({"/slow": (200, HTML, drip)}) as base:
        started = time.monotonic()
        with pytest.raises(FetchError, match="太慢"):
            fetch_page(f"{base}/slow")
        assert time.monotonic() - started < 3


def test_errors_and_non_pages_get_a_message(allow_local):
    routes = {"/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")}
    with serve(routes) as base:
        with pytest.raises(FetchError, match="HTTP 404"):
            fetch_page(f"{base}/missing")
        with pytest.raises(FetchError, match="不是网页"):
            fetch_page(f"{base}/pdf")
    with pytest.raises(FetchError, match="域名无法解析"):
        fetch_page("http://no-such-host.invalid/")


@pytest.mark.django_db
def test_page_images_are_downloaded_and_bad_ones_reported(allow_local, settings):
    settings.REPRINT_IMAGE_MAX_SIDE = 800
    page = (
        "<html><body><h1>膜产业园开工</h1><p>园区一期占地三百亩,计划明年建成投用,将引进膜材料企业二十家。</p>"
        '<p><img src="/img/site.jpg" alt="工地"></p><p><img src="/img/fake.png"></p>'
        '<p><img src="/img/missing.png"></p><p>园区将配套建设研发中心和检测平台,为入园企业提供服务。</p>'
        "</body></html>"
    ).encode()
    routes = {
        "/news.html": (200, HTML, page),
        "/img/site.jpg": (200, {"Content-Type": "image/jpeg"}, image_bytes("JPEG", (1600, 900))),
        "/img/fake.png": (200, {"Content-Type": "image/png"}, b"<html>not an image</html>"),
    }
    with serve(routes) as base:
        parsed = localise_images(parse_reprint(fetch_page(f"{base}/news.html")), base_url=base)
    images = [i.image_src for i in parsed.items if i.tag == "img"]
    assert (
        len(images) == 1 and images[0].startswith("/media/reprint/") and images[0].endswith(".jpg")
    )
    assert "127.0.0.1" not in parsed.body_html and 'alt="工地"' in parsed.body_html
    assert len(parsed.notes) == 2
    assert "fake.png" in parsed.notes[0] and "无法识别的图片" in parsed.notes[0]
    assert "missing.png" in parsed.notes[1] and "404" in parsed.notes[1]
    from PIL import Image

    assert Image.open(settings.MEDIA_ROOT / images[0].removeprefix("/media/")).size == (800, 450)


def test_chinese_path_is_percent_encoded_and_odd_addresses_get_a_message(allow_local):
    with serve({"/%E6%96%B0%E9%97%BB/1.html?id=%E8%86%9C": (200, HTML, GBK_PAGE)}) as base:
        assert fetch_page(f"{base}/新闻/1.html?id=膜").content == GBK_PAGE
    for url in ("http://[::1", "http://exa mple.org/", "https://例子.测试/" + "x" * 5000):
        with pytest.raises(FetchError):
            fetch_page(url)


@pytest.mark.django_db
def test_odd_image_addresses_become_notes():
    html = (
        "<h1>膜产业园开工</h1><p>园区一期占地三百亩,计划明年建成投用,将引进膜材料企业二十家。</p>"
        '<p><img src="http://[::1/a.png"></p><p><img src="file:///C:/tmp/a.png"></p>'
        '<p><img src="a.png"></p><p><img src="data:image/png;base64,!!!"></p>'
    )
    parsed = localise_images(parse_reprint(html))
    assert [i.tag for i in parsed.items] == ["p"] and len(parsed.notes) == 4
    assert "本机图片" in parsed.notes[1] and "相对地址" in parsed.notes[2]
