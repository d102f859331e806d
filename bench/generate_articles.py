"""Generate many articles of realistic Chinese text into the configured database.

    .venv/bin/python bench/generate_articles.py --count 100000 [--clear] [--seed 1]

Sentences are recombined from the demo content (the 《威海日报》 example and the sample
articles), with industry terms mixed in, so segmentation, search and page sizes behave as on
real data. Uses DATABASE_URL like the site does. Rows are written with bulk_create: the generated
HTML is built here from plain sentences, so it needs no sanitising.
"""

import argparse
import os
import random
import re
import sys
import time
from datetime import timedelta
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "association.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402

from news.demo import data  # noqa: E402
from news.models import Article, Section, TaggedArticle  # noqa: E402
from news.sanitize import html_to_text, make_summary  # noqa: E402

TERMS = [
    "反渗透", "超滤", "纳滤", "微滤", "正渗透", "膜生物反应器", "MBR", "PVDF", "海水淡化",
    "中空纤维膜", "膜蒸馏", "电渗析", "离子交换膜", "陶瓷膜", "膜污染", "零排放", "再生水",
    "渗透汽化", "气体分离膜", "膜组件",
]  # fmt: skip
TAGS = [
    "水利行业", "膜技术", "最大反渗透式", "海水淡化", "超滤", "纳滤", "反渗透", "行业标准",
    "会议活动", "政策解读", "会员单位", "培训", "协会工作", "污水处理", "饮用水", "工业废水",
    "新材料", "国际交流", "科技创新", "节能减排",
]  # fmt: skip
# Industry news dominates a real association site; the busiest section reaches page 2,000
# (40,000 articles at 20 a page) at 100,000 articles, so deep pagination can be measured.
SECTION_WEIGHTS = {"hyzx": 50, "xhdt": 25, "tzgg": 15, "zcfg": 10}
RARE = ["石墨烯复合膜", "仿生水通道蛋白", "卤水提锂", "渗透能发电"]
TITLE_HEADS = ["关于", "我国", "全国", "协会", "专家", "国内首个", "新一代", "2018年"]
TITLE_TAILS = [
    "技术交流会在京召开", "项目顺利通过验收", "示范工程投入运行", "市场规模持续扩大",
    "标准正式发布实施", "研发取得重要进展", "培训班圆满结束", "产业联盟宣告成立",
]  # fmt: skip


def sentence_pool():
    texts = [html_to_text((Path(data.__file__).parent / data.EXAMPLE["body_file"]).read_text())]
    texts += [p for sample in data.SAMPLES for p in sample["paragraphs"]]
    sentences = []
    for text in texts:
        sentences += [s for s in re.split(r"(?<=[。!?])", text) if len(s) > 8]
    return sentences


def make_article_fields(rng, sentences, n):
    paragraphs = []
    length = 0
    while length < 1500:
        picked = rng.sample(sentences, rng.randint(2, 4))
        if rng.random() < 0.6:
            term = rng.choice(TERMS)
            picked.insert(1, f"业内人士指出,{term}技术的推广应用正在加快。")
        if rng.random() < 0.01:
            picked.append(f"{rng.choice(RARE)}相关研究也引起了关注。")
        paragraph = "".join(picked)
        paragraphs.append(paragraph)
        length += len(paragraph)
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    title = f"{rng.choice(TITLE_HEADS)}{rng.choice(TERMS)}{rng.choice(TITLE_TAILS)}({n})"
    return title, body


def ensure_sections():
    sections = []
    for position, spec in enumerate(data.SECTIONS, start=1):
        section, _ = Section.objects.get_or_create(
            slug=spec["slug"], defaults={**spec, "position": position * 10}
        )
        sections.append(section)
    return sections


def generate(count, seed=1, batch=2000, clear=False, out=sys.stdout):
    rng = random.Random(seed)
    sentences = sentence_pool()
    sections = ensure_sections()
    weights = [SECTION_WEIGHTS.get(section.slug, 5) for section in sections]
    if clear:
        TaggedArticle.objects.all().delete()
        Article.objects.all().delete()
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in TAGS]
    start = Article.objects.count()
    now = timezone.now()
    started = time.monotonic()
    done = 0
    while done < count:
        size = min(batch, count - done)
        rows = []
        for i in range(size):
            n = start + done + i + 1
            title, body = make_article_fields(rng, sentences, n)
            source = rng.choice(["", "", "威海日报", "中国水网", "科技日报", "中国环境报"])
            rows.append(
                Article(
                    title=title,
                    section=rng.choices(sections, weights)[0],
                    body=body,
                    summary=make_summary(body),
                    source=source,
                    author=rng.choice(["", "姜倩倩", "王明 李华", "赵颖"]) if source else "",
                    published_at=now - timedelta(minutes=37 * n + rng.randint(0, 30)),
                    status=Article.Status.PUBLISHED,
                    pinned=rng.random() < 0.001,
                    featured=rng.random() < 0.002,
                    cover_image=f"covers/bench/{n % 50}.jpg" if rng.random() < 0.3 else "",
                    cover_width=800,
                    cover_height=450,
                    view_count=rng.randint(0, 5000),
                )
            )
        with transaction.atomic():
            created = Article.objects.bulk_create(rows, batch_size=500)
            if created[0].pk is None:  # backends without RETURNING
                created = list(Article.objects.order_by("-id")[:size])
            links = [
                TaggedArticle(content_object=article, tag=tag)
                for article in created
                for tag in rng.sample(tags, rng.randint(1, 3))
            ]
            TaggedArticle.objects.bulk_create(links, batch_size=2000)
        done += size
        rate = done / (time.monotonic() - started)
        out.write(f"\r{done}/{count} articles, {rate:.0f}/s")
        out.flush()
    out.write(f"\ndone: {count} articles in {time.monotonic() - started:.1f}s\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clear", action="store_true", help="delete all articles first")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    generate(args.count, seed=args.seed, clear=args.clear)


if __name__ == "__main__":
    main()
