"""The membership levels and fields the association starts with; editors change them later."""

from django.db import migrations

LEVELS = ["副理事长单位", "常务理事单位", "理事单位", "会员单位"]
FIELDS = ["膜材料", "膜组件", "膜设备", "工程公司", "科研院所", "用户单位", "检测认证", "配套服务"]


def seed(apps, schema_editor):
    Level = apps.get_model("members", "MembershipLevel")
    Field = apps.get_model("members", "MembershipField")
    for position, name in enumerate(LEVELS, start=1):
        Level.objects.get_or_create(name=name, defaults={"position": position * 10})
    for position, name in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
