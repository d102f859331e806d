"""Benchmark reprint import: generate N files in varied layouts, import them, import them again.

    .venv/bin/python bench/import_bench.py               # 10,000 files, a fresh SQLite database
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_dev \
        .venv/bin/python bench/import_bench.py
    .venv/bin/python bench/import_bench.py --files 2000 --tracemalloc

Prints the time to generate the files, to import them (files/s), to re-import them (every file a
duplicate), to parse them without the database (--json), and the peak memory.
BENCH_DATABASE_URL picks the database; its articles are DELETED first. Default: a temporary SQLite.
"""

import argparse
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = [
    "威海",
    "青岛",
    "天津",
    "宁波",
    "厦门",
    "苏州",
    "无锡",
    "大连",
    "烟台",
    "舟山",
    "湛江",
    "珠海",
]
THINGS = ["反渗透膜", "超滤膜", "纳滤膜", "膜生物反应器", "海水淡化", "中空纤维膜", "电渗析",
          "陶瓷膜", "离子交换膜", "渗透汽化膜"]  # fmt: skip
EVENTS = ["项目投产", "基地开工", "技术通过鉴定", "标准发布", "产业园揭牌", "研讨会召开",
          "示范工程通水", "联合实验室成立"]  # fmt: skip
PAPERS = ["威海日报", "中国环境报", "中国水网", "科技日报", "经济日报", "膜世界", "环保在线"]
NAMES = ["姜倩倩", "王丽", "张三", "李四", "陈明", "刘洋", "周晓", "何静", "孙悦", "赵六"]
SENTENCES = [
    "{place}市{thing}产业近年来发展迅速,已形成从材料、组件到成套装备的完整产业链。",
    "项目总投资{n}亿元,建成后每年可处理工业废水{m}万吨,出水水质稳定达到回用标准。",
    "据介绍,该工程采用国产{thing}元件,运行成本比传统工艺降低约{p}%。",
    "业内专家认为,{thing}技术在节水减排和资源回收方面具有明显优势,应用前景广阔。",
    "下一步,{place}将继续加大研发投入,推动{thing}在电力、化工、市政等领域的规模化应用。",
    "企业负责人表示,将以此为契机,加快新产品研发,力争三年内把产能提高{p}%。",
    "会议期间,与会代表围绕{thing}的材料创新、工程应用和标准建设进行了深入交流。",
]
CHROME_TOP = "\n".join(
    [
        "欢迎访问中国膜工业协会官方网站!",
        "热门标签:",
        "水利行业 最大反渗透式",
        "协会动态",
        "Association Dynamic",
    ]
)
CHROME_BOTTOM = (
    "责任编辑:李明\n上一篇:没有了\n下一篇:没有了\n版权所有 © 中国膜工业协会 京ICP备00000000号"
)


def article(rng, n):
    place, thing, event = rng.choice(PLACES), rng.choice(THINGS), rng.choice(EVENTS)
    title = f"{place}{thing}{event}(第{n}号)"
    paragraphs = []
    for _ in range(rng.randint(4, 12)):
        template = rng.choice(SENTENCES)
        values = {"place": place, "thing": thing, "n": rng.randint(2, 90), "p": rng.randint(5, 60)}
        paragraphs.append(
            "".join(template.format(m=rng.randint(10, 999) + n, **values) for _ in range(3))
        )
    headings = [
        f"{rng.choice(['推进', '加快', '打造', '强化'])}{thing}{k}" for k in ("应用", "创新")
    ]
    year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    return {
        "title": title, "paragraphs": paragraphs, "headings": headings,
        "source": rng.choice(PAPERS), "author": rng.choice(NAMES),
        "date": (year, month, day, hour, minute),
    }  # fmt: skip


def body_text(a, heading_at=(2, 5)):
    lines = []
    for i, paragraph in enumerate(a["paragraphs"]):
        if i in heading_at and len(a["headings"]) > heading_at.index(i):
            lines.append(a["headings"][heading_at.index(i)])
        lines.append("  " + paragraph)
    return "\n".join(lines)


def layout_weihai(a):
    y, mo, d, h, mi = a["date"]
    meta = f"《{a['source']}》记者 {a['author']} / 时间:{y}-{mo:02}-{d:02} {h:02}:{mi:02}:27"
    return "txt", f"{CHROME_TOP}\n{a['title']}\n{meta}\n\n{body_text(a)}\n"


def layout_source_author(a):
    y, mo, d, h, mi = a["date"]
    meta = f"来源:{a['source']}  作者:{a['author']}  发布时间:{y}-{mo:02}-{d:02} {h:02}:{mi:02}"
    top = "当前位置:首页 > 行业资讯 > 正文"
    return (
        "txt",
        f"{top}\n{a['title']}\n{meta}\n字体:【大 中 小】 点击数:12\n"
        f"{body_text(a)}\n{CHROME_BOTTOM}\n",
    )


def layout_date_first(a):
    y, mo, d, _h, _mi = a["date"]
    meta = f"发布日期:{y}年{mo}月{d}日  来源:{a['source']}"
    return "txt", f"{a['title']}\n{meta}\n{body_text(a, heading_at=())}\n【打印】【关闭】\n"


def layout_bracket(a):
    y, mo, d, _h, _mi = a["date"]
    paragraphs = list(a["paragraphs"])
    paragraphs[0] = f"本报讯(记者 {a['author']} 通讯员 赵六){paragraphs[0]}"
    text = "\n".join(paragraphs)
    return "txt", f"{a['title']}\n{y}.{mo:02}.{d:02}\n{text}\n(编辑:孙佳)\n"


def layout_html(a):
    y, mo, d, h, mi = a["date"]
    parts = []
    for i, paragraph in enumerate(a["paragraphs"]):
        if i == 2:
            parts.append(f"<p><strong>{a['headings'][0]}</strong></p>")
        parts.append(f'<p style="text-indent:2em" onclick="x()">{paragraph}</p>')
    html = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{a['title']}_新闻中心</title>"
        "<script>var _hmt=[];</script><style>p{margin:0}</style></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻中心</a></div>"
        f"<h1>{a['title']}</h1><div class='info'>发布时间:{y}-{mo:02}-{d:02} {h:02}:{mi:02} "
        f"来源:{a['source']} 作者:{a['author']}</div><div id='zoom'>{''.join(parts)}</div>"
        "<div class='footer'>版权所有 © 某某网</div>"
        "<img src='https://hm.baidu.com/hm.gif?x' width='1' height='1'></body></html>"
    )
    return "html", html


def layout_gbk(a):
    kind, html = layout_html(a)
    html = html.replace("<meta charset='utf-8'>", "<meta charset='gb2312'>").replace("©", "(C)")
    return kind, html.encode("gb18030")


def layout_docx(a):
    import docx

    y, mo, d, h, mi = a["date"]
    document = docx.Document()
    document.add_paragraph(a["title"], style="Title")
    document.add_paragraph(f"作者:{a['author']}  时间:{y}-{mo:02}-{d:02} {h:02}:{mi:02}")
    for i, paragraph in enumerate(a["paragraphs"]):
        if i == 2:
            document.add_paragraph(a["headings"][0], style="Heading 1")
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return "docx", out.getvalue()


LAYOUTS = [
    (layout_weihai, 3), (layout_source_author, 2), (layout_date_first, 1), (layout_bracket, 1),
    (layout_html, 2), (layout_gbk, 1), (layout_docx, 1),
]  # fmt: skip


def generate(folder, count, seed=2018):
    rng = random.Random(seed)
    makers = [maker for maker, weight in LAYOUTS for _ in range(weight)]
    for n in range(count):
        ext, content = makers[n % len(makers)](article(rng, n))
        sub = folder / f"{n // 1000:02}"
        sub.mkdir(exist_ok=True)
        path = sub / f"{n:05}.{ext}"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)


class Tail(io.TextIOBase):
    """A stream that keeps only the last line written (the summary), not 10,000 JSON lines."""

    last = ""

    def write(self, text):
        if text.strip():
            self.last = text.strip().splitlines()[-1]
        return len(text)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated files and database")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap")
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_into:  # the child process that writes the files
        generate(args.generate_into, args.files)
        return

    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    default_db = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", default_db)
    os.environ["DJANGO_MEDIA_ROOT"] = str(work / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "association.settings.dev"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from news.models import Article, Section

    settings.DEBUG = False  # dev settings keep every query in memory when DEBUG is on
    call_command("migrate", verbosity=0)
    Article.objects.all().delete()
    section, _ = Section.objects.get_or_create(slug="bench", defaults={"name": "基准测试"})
    files = work / "files"
    files.mkdir()

    # Generated in a child process, so the peak memory below is the import's own.
    started = time.perf_counter()
    command = [sys.executable, __file__, "--files", str(args.files), "--generate-into", str(files)]
    subprocess.run(command, check=True)  # noqa: S603 (our own script)
    generation = time.perf_counter() - started
    size = sum(p.stat().st_size for p in files.rglob("*") if p.is_file())
    print(f"database: {connection.vendor}; files: {args.files} ({size / 1024 / 1024:.1f} MB) "
          f"generated in {generation:.1f} s")  # fmt: skip

    cpu = {}

    def run(*options, name):
        out, err = Tail(), Tail()
        began, began_cpu = time.perf_counter(), time.process_time()
        call_command("import_reprint", str(files), *options, stdout=out, stderr=err)
        cpu[name] = time.process_time() - began_cpu
        summary = out.last or err.last
        return time.perf_counter() - began, summary

    if args.tracemalloc:
        tracemalloc.start()
    seconds, summary = run("--section", "bench", name="import")
    heap = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if args.tracemalloc else None
    tracemalloc.stop()
    imported = Article.objects.count()
    print(f"import:    {seconds:7.1f} s  {args.files / seconds:7.0f} files/s  "
          f"(CPU {cpu['import']:.1f} s; {imported} articles)\n           {summary}")  # fmt: skip
    if heap is not None:
        print(f"import peak Python heap (tracemalloc, slows the run): {heap:.1f} MB")

    seconds, summary = run("--section", "bench", name="reimport")
    count = Article.objects.count()
    print(f"re-import: {seconds:7.1f} s  {args.files / seconds:7.0f} files/s  "
          f"(CPU {cpu['reimport']:.1f} s; {count} articles)\n           {summary}")  # fmt: skip

    seconds, _summary = run("--json", name="json")
    print(f"parse only (--json): {seconds:.1f} s  {args.files / seconds:.0f} files/s  "
          f"(CPU {cpu['json']:.1f} s)")  # fmt: skip
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"peak memory (max RSS of the importing process): {peak_rss_mb():.0f} MB")

    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    if imported != args.files:
        sys.exit(f"expected {args.files} articles, got {imported}")


if __name__ == "__main__":
    main()
