"""The groups get the permissions of a notice's 回执 (NoticeReply): editors set it up, 会务
sees the replies through the registration permissions it already has."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from association.events.roles import ensure_groups


def add_permissions(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("events", "0004_notice_reply")]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
