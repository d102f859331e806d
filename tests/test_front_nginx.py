"""The nginx front of deploy/ in front of a live site: a publish shows on the next request.

Runs Debian's nginx with deploy/nginx/newsroom.conf (as bench/load.py does) against Django's
live server; .ci/run installs nginx.
"""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from association.site.models import SiteSettings

from .factories import make_article, make_section

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.nginx,
]
CONF = Path(__file__).resolve().parent.parent / "deploy/nginx/newsroom.conf"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def front(live_server, settings, tmp_path):
    """The front's address; the site behind it writes page files into tmp_path/pages."""
    settings.PAGE_FILES_DIR = str(tmp_path / "pages")
    settings.PAGE_CACHE_ENABLED = True
    for sub in ("pages", "tmp", "logs"):
        (tmp_path / sub).mkdir()
        os.chmod(tmp_path / sub, 0o777)  # noqa: S103 - nginx workers may run as nobody
    port = free_port()
    app = urllib.parse.urlsplit(live_server.url).netloc
    conf = CONF.read_text()
    for name, value in {
        "@LISTEN@": f"127.0.0.1:{port}", "@SERVER_NAME@": "127.0.0.1",
        "@APP_SERVERS@": f"server {app};", "@PAGE_FILES@": str(tmp_path / "pages"),
        "@STATIC_ROOT@": str(tmp_path), "@MEDIA_ROOT@": str(tmp_path),
    }.items():  # fmt: skip
        conf = conf.replace(name, value)
    temp = tmp_path / "tmp"
    main = f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
error_log {tmp_path}/logs/error.log warn;
pid {tmp_path}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    {conf}
}}
"""
    assert not re.search(r"@[A-Z_]+@", re.sub(r"#.*", "", conf)), "a placeholder left unfilled"
    (tmp_path / "nginx.conf").write_text(main)
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("nginx"), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
         "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )  # fmt: skip
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.headers.get("X-Front", ""), response.read().decode()


def test_a_publish_shows_through_the_front_at_once(front):
    SiteSettings.load()
    article = make_article(make_section(slug="xhdt"), title="会前通知")
    page = front + article.get_absolute_url()
    assert "会前通知" in get(page)[1]  # first: Django renders it and writes the file
    via, html = get(page)
    assert via == "file" and "会前通知" in html
    article.title = "会议改期通知"
    article.save()
    via, html = get(page)
    assert "会议改期通知" in html and "会前通知" not in html


def test_a_search_comes_from_its_file_and_is_fresh_at_once(front):
    SiteSettings.load()
    section = make_section(slug="xhdt")
    first = make_article(section, title="膜法水处理论坛开幕")
    search = front + "/search/?q=" + urllib.parse.quote("论坛")
    assert f'href="{first.get_absolute_url()}"' in get(search)[1]  # Django renders and files it
    via, html = get(search)
    assert via == "file" and f'href="{first.get_absolute_url()}"' in html
    later = make_article(section, title="青年论坛征文启事")
    via, html = get(search)
    assert f'href="{later.get_absolute_url()}"' in html  # the publish switched the folder
    sorted_by_date = get(search + "&sort=date")
    assert sorted_by_date[0] == ""  # any other query is Django's own (its page cache)
    assert f'href="{later.get_absolute_url()}"' in sorted_by_date[1]


def test_an_attachment_goes_out_through_nginx_with_its_name(front, settings, tmp_path):
    from news import downloads

    from .attachment_files import docx_bytes
    from .factories import make_attachment

    settings.MEDIA_ROOT = str(tmp_path)  # the front's @MEDIA_ROOT@
    settings.ATTACHMENT_X_ACCEL_PREFIX = "/_attachments/"
    data = docx_bytes("报名回执")
    attachment = make_attachment(make_article(), name="报名回执表.docx", data=data)
    request = urllib.request.Request(  # noqa: S310 - loopback
        front + attachment.get_absolute_url(), headers={"User-Agent": "Mozilla/5.0 Firefox/130"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        body, headers = response.read(), response.headers
    assert body == data
    assert "X-Accel-Redirect" not in headers  # nginx acted on it
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''%E6%8A%A5%E5%90%8D" in headers["Content-Disposition"]
    assert "wordprocessingml" in headers["Content-Type"]
    assert downloads.downloads.pending() == {attachment.pk: 1}
    for hidden in (f"/media/{attachment.file.name}", f"/_attachments/{attachment.file.name}"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(front + hidden, timeout=10)  # noqa: S310 - loopback
        assert refused.value.code == 404
