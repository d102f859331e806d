"""Turn the bytes of an uploaded or fetched file into text, whatever Chinese encoding it uses."""

import codecs
import re

import charset_normalizer

from .errors import ReprintError

# GB2312 and GBK pages often contain characters only their superset GB18030 decodes.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ascii": "utf-8"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{2,40})""", re.I)
_DETECT_BYTES = 512 * 1024
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

GARBAGE_MESSAGE = "无法识别的内容:看起来既不是文字、网页,也不是 Word(.docx)文件。"


def _codec(name):
    name = (name or "").strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try(data, encoding):
    codec = _codec(encoding)
    if not codec:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


# Control characters, replacement characters and private-use or surrogate code points.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ue000-\uf8ff\ud800-\udfff]")


def looks_binary(text):
    """True when text is mostly control or undecodable characters: a binary file, not words."""
    if "\x00" in text:
        return True
    sample = text[:200_000]
    return bool(sample) and len(_NOT_TEXT.findall(sample)) / len(sample) > 0.01


def decode_bytes(data, declared=""):
    """Return data as text: BOM, declared charset, UTF-8, <meta charset>, then detection.

    Raises ReprintError when the bytes are not text.
    """
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    if text is None and declared:
        text = _try(data, declared)
    if text is None:
        text = _try(data, "utf-8")
    if text is None:
        found = _META_CHARSET.search(data[:8192])
        if found:
            text = _try(data, found.group(1).decode("ascii", "ignore"))
    if text is None:
        sample = data[:_DETECT_BYTES]
        if len(data) > _DETECT_BYTES:
            sample = sample[: sample.rfind(b"\n") + 1] or sample  # don't cut a character in half
        best = charset_normalizer.from_bytes(sample).best()
        if best is None or not best.encoding:
            raise ReprintError(GARBAGE_MESSAGE)
        text = data.decode(_codec(best.encoding) or best.encoding, errors="replace")
    if looks_binary(text):
        raise ReprintError(GARBAGE_MESSAGE)
    return text.replace("\r\n", "\n").replace("\r", "\n")
