"""Fill the reference with a home page, four section indexes and N articles of Chinese text.

The sentences come from the project's demo content (news/demo/, read as files so that the
project's Django settings are not needed), recombined into bodies of about 1,500 characters as
bench/generate_articles.py does for the site.
"""

import importlib.util
import random
import re
import time
from datetime import timedelta
from html import escape, unescape
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page, Site

from wagtailref.news.models import ArticlePage, HomePage, NewsIndexPage

DEMO = Path(__file__).resolve().parents[6] / "news" / "demo"
SECTION_WEIGHTS = {"hyzx": 50, "xhdt": 25, "tzgg": 15, "zcfg": 10}
TERMS = ["反渗透", "超滤", "纳滤", "海水淡化", "膜生物反应器", "中空纤维膜", "零排放", "再生水"]
TAGS = ["水利行业", "膜技术", "海水淡化", "超滤", "纳滤", "反渗透", "行业标准", "会议活动",
        "政策解读", "会员单位", "培训", "协会工作", "污水处理", "饮用水", "工业废水", "新材料",
        "国际交流", "科技创新", "节能减排", "标准化"]  # fmt: skip
TITLE_TAILS = ["技术交流会在京召开", "项目顺利通过验收", "示范工程投入运行",
               "市场规模持续扩大", "标准正式发布实施", "研发取得重要进展", "培训班圆满结束",
               "产业联盟宣告成立"]  # fmt: skip


def demo_data():
    spec = importlib.util.spec_from_file_location("demo_data", DEMO / "data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sentences(data):
    html = (DEMO / data.EXAMPLE["body_file"]).read_text()
    texts = [unescape(re.sub(r"<[^>]+>", "", html))]
    texts += [p for sample in data.SAMPLES for p in sample["paragraphs"]]
    found = []
    for text in texts:
        found += [s.strip() for s in re.split(r"(?<=[。!?])", text) if len(s.strip()) > 8]
    return found


def article_text(rng, pool, n):
    paragraphs, length = [], 0
    while length < 1500:
        picked = rng.sample(pool, rng.randint(2, 4))
        if rng.random() < 0.6:
            picked.insert(1, f"业内人士指出,{rng.choice(TERMS)}技术的推广应用正在加快。")
        paragraph = "".join(picked)
        paragraphs.append(paragraph)
        length += len(paragraph)
    title = f"关于{rng.choice(TERMS)}{rng.choice(TITLE_TAILS)}({n})"
    return title, paragraphs


class Command(BaseCommand):
    help = "Create the home page, the section indexes and N article pages."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, count, seed, **options):
        rng = random.Random(seed)
        data = demo_data()
        pool = sentences(data)
        home, indexes = self.tree(data)
        weights = [SECTION_WEIGHTS.get(index.slug, 5) for index in indexes]
        start = ArticlePage.objects.count()
        now = timezone.now()
        started = time.monotonic()
        for done in range(0, count, 200):
            with transaction.atomic():
                for n in range(start + done + 1, start + min(done + 200, count) + 1):
                    title, paragraphs = article_text(rng, pool, n)
                    source = rng.choice(["", "", "威海日报", "中国水网", "科技日报"])
                    article = ArticlePage(
                        title=title, slug=f"a{n}", intro=paragraphs[0][:120],
                        body="".join(f"<p>{escape(p)}</p>" for p in paragraphs),
                        date=now - timedelta(minutes=37 * n + rng.randint(0, 30)),
                        source=source, author=rng.choice(["姜倩倩", "赵颖"]) if source else "",
                    )  # fmt: skip
                    article.tags.set(rng.sample(TAGS, rng.randint(1, 3)))
                    rng.choices(indexes, weights)[0].add_child(instance=article)
            elapsed = time.monotonic() - started
            self.stdout.write(f"{min(done + 200, count)}/{count} articles, {elapsed:.0f}s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def tree(self, data):
        """The home page as the default site's root, with one index per demo section."""
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            for page in root.get_children():  # Wagtail's "Welcome" page
                page.delete()
            root.refresh_from_db()
            home = root.add_child(
                instance=HomePage(title="首页", slug="home", welcome=data.SITE["welcome_text"])
            )
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home,
                          "site_name": data.SITE["name"]},
            )  # fmt: skip
        indexes = list(NewsIndexPage.objects.child_of(home))
        if not indexes:
            for spec in data.SECTIONS:
                index = NewsIndexPage(
                    title=spec["name"], slug=spec["slug"], show_in_menus=True,
                    intro=f"<p>{escape(spec['description'])}</p>",
                )  # fmt: skip
                home.add_child(instance=index)
                indexes.append(index)
        return home, indexes
