"""Parse time of hostile 1 MB pastes: CPU seconds per paste, each in its own process.

    .venv/bin/python bench/reprint_hostile.py                  # this tree
    .venv/bin/python bench/reprint_hostile.py --tree /tmp/old  # another checkout, same venv
    .venv/bin/python bench/reprint_hostile.py --mb 0.25        # smaller pastes (for scaling)

A paste that takes longer than --timeout seconds is reported as such (the quadratic ones did).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "这是一段正文内容,讲的是膜技术。"


def pastes(size):
    example = (ROOT / "tests/fixtures/reprint/weihai-daily-2018-03-08.txt").read_text("utf-8")
    body = example.split("\n", 8)[-1]
    return {
        "example page, body repeated": example + body * (size // len(body.encode()) + 1),
        "short lines": "\n".join(f"短行{i}" for i in range(size // 12)),
        "name lines": "标题\n" + "\n".join("周晓 何静" for _ in range(size // 14)),
        "date lines": "标题\n" + "\n".join(f"2019-06-12 10:{i % 60:02}" for i in range(size // 17)),
        "meta lines": "标题\n" + "\n".join(f"来源:中国水网 {i}" for i in range(size // 25)),
        "html paragraphs": "<html><body><h1>标题</h1>"
        + f"<p>{SENTENCE}</p>" * (size // 50)
        + "</body></html>",
        "pictures and page tools": "<html><body>"
        + "<p><img src='a.png'></p><p>打印</p>" * (size // 45)
        + f"<p>{SENTENCE}</p></body></html>",
        "unclosed Word conditionals": f"<html><body><h1>标题</h1><p>{SENTENCE}</p>"
        + "<![if x " * (size // 8),
    }


def run_one(tree, name, size):
    sys.path.insert(0, str(tree))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "association.settings.test")
    import django

    django.setup()
    from news.reprint import parse_reprint

    text = pastes(size)[name]
    started = time.process_time()
    parsed = parse_reprint(text)
    print(f"{time.process_time() - started:.2f} {len(parsed.paragraphs)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = int(args.mb * 1024 * 1024)
    if args.case:
        run_one(args.tree.resolve(), args.case, size)
        return
    print(f"tree {args.tree}, pastes of {args.mb} MB, CPU seconds")
    for name in pastes(size):
        command = [sys.executable, __file__, "--tree", str(args.tree), "--mb", str(args.mb)]
        try:
            done = subprocess.run(  # noqa: S603 (our own script)
                [*command, "--case", name],
                capture_output=True,
                text=True,
                timeout=args.timeout,
                cwd=args.tree,
                check=True,
            )
            seconds, paragraphs = done.stdout.split()[-2:]
            print(f"  {name:30} {seconds:>7} s  ({paragraphs} paragraphs)")
        except subprocess.TimeoutExpired:
            print(f"  {name:30} > {args.timeout:.0f} s")


if __name__ == "__main__":
    main()
