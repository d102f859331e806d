"""Seed the industry dictionary with membrane-trade words jieba would otherwise split."""

from django.db import migrations

WORDS = [
    ("反渗透", "RO"), ("超滤", "UF"), ("纳滤", "NF"), ("微滤", "MF"), ("正渗透", "FO"),
    ("膜生物反应器", "MBR"), ("反渗透膜", ""), ("超滤膜", ""), ("纳滤膜", ""), ("微滤膜", ""),
    ("中空纤维膜", ""), ("中空纤维", ""), ("卷式膜", ""), ("平板膜", ""), ("陶瓷膜", ""),
    ("离子交换膜", ""), ("气体分离膜", ""), ("膜组件", ""), ("膜元件", ""), ("膜分离", ""),
    ("膜技术", ""), ("膜法", ""), ("膜蒸馏", "MD"), ("膜污染", ""), ("膜通量", ""),
    ("电渗析", "ED"), ("渗透汽化", ""), ("海水淡化", ""), ("苦咸水", ""), ("再生水", ""),
    ("零排放", ""), ("浓盐水", ""), ("膜工业", ""), ("膜产业", ""),
]  # fmt: skip


def seed(apps, schema_editor):
    IndustryTerm = apps.get_model("search", "IndustryTerm")
    for word, note in WORDS:
        IndustryTerm.objects.get_or_create(word=word, defaults={"note": note})


def unseed(apps, schema_editor):
    apps.get_model("search", "IndustryTerm").objects.filter(word__in=[w for w, _ in WORDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_index")]

    operations = [migrations.RunPython(seed, unseed)]
