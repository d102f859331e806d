"""Create the 编辑 (editor) and 主编 (chief editor) groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "news.add_article", "news.change_article", "news.view_article",
    "news.view_section", "news.view_hottag",
    "news.add_image", "news.change_image", "news.view_image",
    "news.add_sensitiveword", "news.change_sensitiveword", "news.delete_sensitiveword",
    "news.view_sensitiveword",
    "taggit.view_tag",
]
CHIEF_EDITOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    "news.publish_article", "news.withdraw_article", "news.delete_article",
    "news.restore_article",
    "news.add_section", "news.change_section", "news.delete_section",
    "news.add_hottag", "news.change_hottag", "news.delete_hottag",
    "news.delete_image",
    "news.view_auditentry",
    "taggit.add_tag", "taggit.change_tag", "taggit.delete_tag",
]
GROUPS = {"编辑": EDITOR_PERMISSIONS, "主编": CHIEF_EDITOR_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_workflow_library_revisions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
