"""Build what reprint-import tests feed in: Word files, images, a local web server."""

import io
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Inches
from PIL import Image

FIXTURES = Path(__file__).parent / "fixtures" / "reprint"
EXAMPLE = FIXTURES / "weihai-daily-2018-03-08.txt"


def image_bytes(fmt="PNG", size=(200, 120), color=(20, 110, 190)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def make_docx(paragraphs):
    """Return .docx bytes; each item is text, ("style", text), ("bold", text), ("image", bytes),
    ("break", [line, line]) or ("table", [[cell, cell], ...])."""
    document = docx.Document()
    for item in paragraphs:
        kind, value = ("text", item) if isinstance(item, str) else item
        if kind == "text":
            document.add_paragraph(value)
        elif kind == "bold":
            document.add_paragraph().add_run(value).bold = True
        elif kind == "image":
            document.add_picture(io.BytesIO(value), width=Inches(2))
        elif kind == "break":
            run = document.add_paragraph().add_run(value[0])
            for line in value[1:]:
                run.add_break(WD_BREAK.LINE)
                run.add_text(line)
        elif kind == "table":
            table = document.add_table(rows=len(value), cols=len(value[0]))
            for r, row in enumerate(value):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:  # a style name: Title, Heading 1, Heading 2…
            document.add_paragraph(value, style=kind)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@contextmanager
def serve(routes):
    """Serve {path: (status, headers, body)} on 127.0.0.1 (an OS-chosen port); yield the base URL.

    body is bytes, or a function returning an iterable of byte chunks.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, headers, body = routes.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if isinstance(body, bytes) and "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                # A callable body streams its chunks (no Content-Length; HTTP/1.0 closes).
                for chunk in body() if callable(body) else [body]:
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# The fields of `import_reprint --json` that the accuracy figures count.
SCORED_FIELDS = ("title", "source", "author", "published", "lead_attribution", "paragraphs")
CORPUS = FIXTURES / "corpus"
LATE = FIXTURES / "late"


def fixture_cases(folder):
    """(page, expected fields) for every page in folder that has a .expected.json beside it."""
    import json

    pages = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".docx"))
    return [
        (p, json.loads(p.with_suffix(".expected.json").read_text("utf-8")))
        for p in pages
        if p.with_suffix(".expected.json").exists()
    ]


def family_of(path, expected):
    return expected.get("family") or (path.name.split("-")[0] if "-" in path.name else "other")


def _paragraphs_right(found, expected):
    if "paragraphs" in expected:
        # Each expected entry is the start of one paragraph, in order; the count must match too.
        wanted = expected["paragraphs"]
        if len(found) != len(wanted):
            return False
        if not all(p.startswith(w) for p, w in zip(found, wanted, strict=True)):
            return False
    else:  # the older fixtures: a count, the first paragraph's start and the last one's end
        if len(found) != expected["paragraph_count"]:
            return False
        if not found[0].startswith(expected["first_paragraph_starts"]):
            return False
    ending = expected.get("last_paragraph_ends")
    return bool(found) and (not ending or found[-1].endswith(ending))


def field_results(parsed, expected):
    """{field: True/False} for one page; parsed is a ParsedReprint or None (it raised)."""
    if parsed is None:
        return dict.fromkeys(SCORED_FIELDS, False)
    got = parsed.as_dict()
    results = {name: got[name] == expected[name] for name in SCORED_FIELDS[:-1]}
    results["paragraphs"] = _paragraphs_right(got["paragraphs"], expected)
    return results
