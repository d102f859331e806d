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
