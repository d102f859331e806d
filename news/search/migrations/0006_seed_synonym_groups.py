"""Seed the synonym groups with the trade's abbreviations and short forms.

Latin process and material abbreviations, short forms of standard types, and short names of
organisations, as trade papers write them. Editors keep the list in the admin.
"""

from django.db import migrations

GROUPS = [
    ("RO 反渗透", "工艺"), ("UF 超滤", "工艺"), ("NF 纳滤", "工艺"), ("MF 微滤", "工艺"),
    ("FO 正渗透", "工艺"), ("MD 膜蒸馏", "工艺"), ("ED 电渗析", "工艺"),
    ("EDI 电去离子 连续电除盐", "工艺"), ("DTRO 碟管式反渗透", "工艺"),
    ("SWRO 海水反渗透", "工艺"), ("BWRO 苦咸水反渗透", "工艺"),
    ("MBR 膜生物反应器", "工艺"), ("MABR 膜曝气生物膜反应器", "工艺"),
    ("MVR 机械蒸汽再压缩", "工艺"), ("CIP 在线清洗", "工艺"),
    ("ZLD 零排放 零液体排放", "工艺"), ("海淡 海水淡化", "工艺"), ("中水 再生水", "工艺"),
    ("PVDF 聚偏氟乙烯", "材料"), ("PTFE 聚四氟乙烯", "材料"), ("PES 聚醚砜", "材料"),
    ("PSF 聚砜", "材料"), ("PAN 聚丙烯腈", "材料"), ("PP 聚丙烯", "材料"),
    ("COD 化学需氧量", "水质指标"), ("BOD 生化需氧量", "水质指标"),
    ("TOC 总有机碳", "水质指标"), ("TDS 溶解性总固体 总溶解固体", "水质指标"),
    ("SDI 污染指数 淤塞指数", "水质指标"), ("SS 悬浮物", "水质指标"),
    ("国标 国家标准 GB", "标准类型"), ("行标 行业标准", "标准类型"),
    ("团标 团体标准", "标准类型"), ("地标 地方标准", "标准类型"), ("企标 企业标准", "标准类型"),
    ("膜协 中国膜工业协会 膜工业协会", "机构"), ("水协 中国城镇供水排水协会", "机构"),
    ("生态环境部 环保部", "机构"), ("住建部 住房和城乡建设部", "机构"),
    ("工信部 工业和信息化部", "机构"), ("发改委 国家发展和改革委员会 国家发改委", "机构"),
    ("科技部 科学技术部", "机构"),
]  # fmt: skip


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms, note in GROUPS:
        SynonymGroup.objects.get_or_create(terms=terms, defaults={"note": note})


def unseed(apps, schema_editor):
    apps.get_model("search", "SynonymGroup").objects.filter(terms__in=[t for t, _ in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_synonym_groups")]

    operations = [migrations.RunPython(seed, unseed)]
