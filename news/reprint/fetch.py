"""Fetch a page or an image from another site, safely.

http and https only; 10 seconds and 5 MB at most; at most 3 redirects, each one checked again;
addresses in private, loopback, link-local and other internal ranges refused (unless the setting
REPRINT_FETCH_ALLOW_PRIVATE is on). The connection goes to the address that was checked, so a
DNS answer cannot change between the check and the request.
"""

import concurrent.futures
import http.client
import ipaddress
import logging
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds for the whole fetch, redirects included
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 3
USER_AGENT = "Mozilla/5.0 (compatible; AssociationNewsroom/1.0; reprint import)"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_URL_SAFE = "/%?=&;:+,@!$'()*~[]"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_RESOLVER = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="reprint-dns")


class FetchError(ValueError):
    """The address could not be fetched; str() is a message for the editor."""


@dataclass
class FetchedPage:
    url: str  # the final address, after redirects
    content: bytes
    content_type: str
    charset: str


def _allow_private():
    return settings.REPRINT_FETCH_ALLOW_PRIVATE


def _check_url(url):
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError("网址格式不正确。") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError("只能读取 http:// 或 https:// 开头的网址。")
    if not parts.hostname:
        raise FetchError("网址里没有网站域名。")
    return parts, port or (443 if parts.scheme == "https" else 80)


def _is_internal(ip):
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _resolve(host, port, deadline):
    """Return the host's addresses, all of them checked; refuse if any one is internal."""
    # getaddrinfo() ignores socket timeouts: wait for it in a thread, within the deadline.
    future = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=max(0.1, deadline - time.monotonic()))
    except concurrent.futures.TimeoutError as exc:
        raise FetchError(f"查找网站 {host} 的地址超时。") from exc
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"找不到网站 {host}:域名无法解析。") from exc
    addresses = []
    for info in infos:
        address = info[4][0]
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if _is_internal(ip) and not _allow_private():
            raise FetchError(f"出于安全考虑,不能读取内部网络地址({host} → {ip})。")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"找不到网站 {host}:域名无法解析。")
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _read_body(response, conn, deadline, max_bytes):
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"内容太大(超过 {max_bytes // 1024 // 1024} MB),已停止下载。")
    encoding = (response.getheader("Content-Encoding") or "").strip().lower()
    inflater = None
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj()
    chunks, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"对方网站响应太慢(超过 {TIMEOUT} 秒),已停止下载。")
        if conn.sock is not None:
            conn.sock.settimeout(remaining)
        chunk = response.read1(65536)
        if not chunk:
            break
        if inflater is not None:
            chunk = inflater.decompress(chunk, max_bytes + 1 - size)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"内容太大(超过 {max_bytes // 1024 // 1024} MB),已停止下载。")
        chunks.append(chunk)
    return b"".join(chunks)


def _request(url, deadline, accept):
    parts, port = _check_url(url)
    host = parts.hostname
    addresses = _resolve(host, port, deadline)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    # Chinese characters in a path or query are sent percent-encoded, as browsers do.
    path = quote(parts.path or "/", safe=_URL_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_URL_SAFE)
    conn = connection_class(host, port, addresses[0], max(0.1, deadline - time.monotonic()))
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
    try:
        conn.request("GET", path, headers=headers)
        return conn, conn.getresponse()
    except Exception:
        conn.close()
        raise


def fetch(url, *, accept="*/*", max_bytes=MAX_BYTES):
    """GET url within the limits; return (final_url, body bytes, Content-Type header).

    Raises FetchError, with a message for the editor, and nothing else.
    """
    try:
        return _fetch(url, accept, max_bytes)
    except FetchError:
        raise
    except Exception as exc:  # an address no library expects must not become a 500
        logger.warning("fetching %r failed", url, exc_info=True)
        raise FetchError("无法读取这个网址,请检查网址是否正确。") from exc


def _fetch(url, accept, max_bytes):
    deadline = time.monotonic() + TIMEOUT
    current = url.strip()
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            conn, response = _request(current, deadline, accept)
        except FetchError:
            raise
        except ssl.SSLError as exc:
            raise FetchError(f"无法与网站建立安全连接(HTTPS 证书或加密错误):{exc.reason}") from exc
        except TimeoutError as exc:
            raise FetchError(f"对方网站响应太慢(超过 {TIMEOUT} 秒),已停止下载。") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"无法连接对方网站:{exc.__class__.__name__}。") from exc
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError("对方网站要求跳转,但没有给出新地址。")
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                raise FetchError(f"对方网站返回错误(HTTP {response.status}),无法读取。")
            try:
                body = _read_body(response, conn, deadline, max_bytes)
            except TimeoutError as exc:
                raise FetchError(f"对方网站响应太慢(超过 {TIMEOUT} 秒),已停止下载。") from exc
            except (OSError, http.client.HTTPException, zlib.error) as exc:
                raise FetchError("下载中断,内容不完整。") from exc
            return current, body, response.getheader("Content-Type") or ""
        finally:
            conn.close()
    raise FetchError(f"网址跳转次数过多(超过 {MAX_REDIRECTS} 次),已停止。")


def _content_type(header):
    message = Message()
    message["Content-Type"] = header or ""
    return message.get_content_type(), message.get_param("charset") or ""


def fetch_page(url):
    """Fetch a news page (or a .docx file) for parse_reprint(); raises FetchError."""
    final_url, body, header = fetch(
        url, accept="text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
    )
    content_type, charset = _content_type(header)
    if header and content_type not in PAGE_TYPES and content_type != DOCX_TYPE:
        raise FetchError(f"这个网址不是网页(内容类型为 {content_type}),无法导入。")
    if not body.strip():
        raise FetchError("对方网站返回了空白页面。")
    return FetchedPage(url=final_url, content=body, content_type=content_type, charset=charset)


def fetch_image(url):
    """Fetch an image's bytes (checked by the caller with news.imaging); raises FetchError."""
    _url, body, _header = fetch(url, accept="image/avif,image/webp,image/png,image/*;q=0.8")
    return body
