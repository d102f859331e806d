"""Create the group 会务, the one that sees registrants; editors' groups may write events."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from association.events.roles import CONFERENCE_GROUP, ensure_groups


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CONFERENCE_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("news", "0003_editor_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_group)]
