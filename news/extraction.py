"""The text of attachments (PDF, .docx, .xlsx), for the search index.

Files come from outside and may be hostile: encrypted, corrupt, a PDF of 10,000 pages, a ZIP
bomb. So the text is read in a child process (forked, so it starts in milliseconds) that has
a memory ceiling (ATTACHMENT_TEXT_MEMORY_MB); inside it the readers stop at
ATTACHMENT_TEXT_MAX_CHARS or when ATTACHMENT_TEXT_SECONDS are up, keeping what they have, and a
child still busy GRACE_SECONDS later (stuck inside one page) is killed. A ZIP whose parts
would unpack to more than ATTACHMENT_TEXT_MAX_UNPACKED bytes is not opened at all. Whatever
happens, the upload stays; text_note says why a file gave no text (and the log says so too).
"""

import io
import logging
import multiprocessing
import re
import resource
import time
import zipfile

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

EXTRACTED_KINDS = {"pdf", "docx", "xlsx"}
GRACE_SECONDS = 5


class NoText(Exception):
    """The file gave no text; str() says why, for editors."""


class Budget:
    def __init__(self, seconds, max_chars):
        self.deadline = time.monotonic() + seconds
        self.max_chars = max_chars
        self.parts, self.chars, self.cut = [], 0, ""

    def add(self, text):
        """Keep text; False once the budget is spent (then `cut` says which limit)."""
        if text:
            text = text[: self.max_chars - self.chars]
            self.parts.append(text)
            self.chars += len(text)
        if self.chars >= self.max_chars:
            self.cut = f"文字超过 {self.max_chars} 字,只保留前面部分"
        elif time.monotonic() > self.deadline:
            self.cut = "提取超时,只保留已提取的部分"
        return not self.cut

    def text(self):
        return clean_text("\n".join(self.parts))[: self.max_chars]


def clean_text(text):
    """Plain text the databases accept: no NUL or control characters, spaces collapsed."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)
    text = re.sub(r"[ \t\u3000]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def _check_zip(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NoText("文件已损坏,无法打开") from exc
    if unpacked > settings.ATTACHMENT_TEXT_MAX_UNPACKED:
        limit = settings.ATTACHMENT_TEXT_MAX_UNPACKED // 2**20
        raise NoText(f"解压后超过 {limit} MB(疑似压缩炸弹),未提取")


def _pdf(data, budget):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many "protected" PDFs only forbid printing
            except DependencyError:  # AES without the cryptography package
                opened = False
            if not opened:
                raise NoText("PDF 已加密,无法提取文字")
        for page in reader.pages:
            if not budget.add(page.extract_text() or ""):
                break
    except NoText:
        raise
    except (PyPdfError, DependencyError, OSError, ValueError, KeyError, TypeError,
            AttributeError, IndexError, RecursionError) as exc:  # fmt: skip
        if not budget.parts:
            raise NoText("PDF 文件已损坏,无法读取") from exc


def _docx(data, budget):
    import docx

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise NoText("Word 文件已损坏,无法读取") from exc
    for paragraph in document.paragraphs:
        if not budget.add(paragraph.text):
            return
    for table in document.tables:
        for row in table.rows:
            if not budget.add(" ".join(cell.text for cell in row.cells)):
                return


def _xlsx(data, budget):
    import openpyxl

    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise NoText("Excel 文件已损坏,无法读取") from exc
    try:
        for sheet in book.worksheets:
            budget.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells and not budget.add(" ".join(cells)):
                    return
    finally:
        book.close()


READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx}


def read_text(data, kind, seconds=None, max_chars=None):
    """(text, note) read in this process; NoText is turned into ("", why)."""
    budget = Budget(
        settings.ATTACHMENT_TEXT_SECONDS if seconds is None else seconds,
        settings.ATTACHMENT_TEXT_MAX_CHARS if max_chars is None else max_chars,
    )
    if kind not in READERS:
        return "", "此类型的文件不提取文字"
    try:
        READERS[kind](data, budget)
    except NoText as why:
        return "", str(why)
    text = budget.text()
    if not text:
        return "", "文件中没有可提取的文字(可能是扫描件或图片)"
    return text, budget.cut or f"已提取 {len(text)} 字"


def _child(data, kind, seconds, max_chars, memory, sender):
    try:
        if memory:
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            with open("/proc/self/statm") as statm:  # pages of address space in use now
                used = int(statm.read().split()[0]) * resource.getpagesize()
            limit = used + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))
        sender.send(read_text(data, kind, seconds, max_chars))
    except MemoryError:
        sender.send(("", f"提取时内存超过 {memory // 2**20} MB,未提取"))
    finally:
        sender.close()


def extract_text(data, kind):
    """(text, note) for the file's bytes, read in a child process within the budgets."""
    if kind not in READERS:
        return "", "此类型的文件不提取文字"
    seconds = settings.ATTACHMENT_TEXT_SECONDS
    if "fork" not in multiprocessing.get_all_start_methods():
        return read_text(data, kind)  # no fork (not Linux): the budgets inside still hold
    memory = settings.ATTACHMENT_TEXT_MEMORY_MB * 2**20
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(data, kind, seconds, settings.ATTACHMENT_TEXT_MAX_CHARS, memory,
                             sender), daemon=True,
    )  # fmt: skip
    child.start()
    sender.close()
    try:
        # A little longer than the readers' own deadline: time to fork and to send what they have.
        if receiver.poll(seconds + GRACE_SECONDS):
            return receiver.recv()
        return "", f"提取超过 {seconds} 秒,已放弃"
    except EOFError:  # the child died without a word: out of memory, or a crash in a reader
        return "", "提取时进程异常退出(文件可能有问题),未提取"
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)


def extract_attachment(attachment):
    """Read the attachment's text into it and the search index; never raises."""
    from .models import Attachment
    from .search.indexing import index_article

    if attachment.kind not in READERS:
        text, note = "", "此类型的文件不提取文字"
    else:
        try:
            with attachment.file.open("rb") as stored:
                data = stored.read()
            text, note = extract_text(data, attachment.kind)
        except Exception:  # storage unreachable, anything unforeseen: the upload stays
            log.exception("attachment %s: text extraction failed", attachment.pk)
            text, note = "", "提取失败(详见日志)"
    if not text:
        log.info("attachment %s (%s) gave no text: %s", attachment.pk, attachment.name, note)
    with transaction.atomic():  # the text and the search index change together
        Attachment.objects.filter(pk=attachment.pk).update(text=text, text_note=note[:200])
        attachment.text, attachment.text_note = text, note[:200]
        index_article(attachment.article)
    return text, note
