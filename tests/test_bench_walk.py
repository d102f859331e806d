"""bench/cold.py's walk: every article asked for once, so no page is answered from memory.

The cold-page figures of bench/RESULTS.md rest on this: a walk that repeated a path, or lost
one, would measure warm pages or never end.
"""

import importlib.util
import shutil
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_cold():
    spec = importlib.util.spec_from_file_location("cold_bench", ROOT / "bench" / "cold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Pages(BaseHTTPRequestHandler):
    """Articles with a canonical link, as both sites write it; anything else is a 404."""

    asked = Counter()

    def do_GET(self):  # noqa: N802 - the name http.server calls
        if self.path.startswith("/article/"):
            self.asked[self.path] += 1
            body = f'<link rel="canonical" href="http://127.0.0.1{self.path}"><p>正文</p>'.encode()
            self.send_response(200)
        else:
            body = b"not here"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Target:
    def __init__(self, port):
        self.port = port

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}{path}"


def test_the_round_lists_share_no_article_while_there_are_enough():
    cold = load_cold()
    paths = [f"/article/{n}/" for n in range(1, 1202)]
    warm, walks = cold.plan_walks(paths, rounds=3, per_round=300, seed=1)
    everything = warm + [p for walk in walks for p in walk]
    assert len(everything) == len(set(everything)) == cold.WARM_UP + 900
    # Fewer articles than rounds need: a list repeats as a whole, never within itself.
    _, walks = cold.plan_walks(paths[:700], rounds=3, per_round=250, seed=1)
    assert walks[2] == walks[0] and len(set(walks[2])) == 250


@pytest.mark.skipif(not shutil.which("wrk"), reason="Debian's wrk is not installed")
def test_the_walk_asks_for_each_path_once_and_stops(tmp_path, monkeypatch):
    cold = load_cold()
    monkeypatch.setattr(cold, "VAR", tmp_path)
    Pages.asked.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        paths = [f"/article/{n}/" for n in range(1, 151)]
        result = cold.walk(Target(server.server_address[1]), paths, 8, "test", limit=20)
    finally:
        server.shutdown()
    assert result["complete"], result
    assert result["answered"] == 150 and len(result["latencies"]) == 150
    assert set(Pages.asked) == set(paths)
    assert max(Pages.asked.values()) == 1
    assert result["rps"] > 0 and result["p99"] >= result["p50"] > 0
