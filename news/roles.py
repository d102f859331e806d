"""The editorial groups: 编辑 (editors) and 主编 (chief editors), and what each may do."""

EDITOR_PERMISSIONS = [
    "news.add_article", "news.change_article", "news.view_article",
    "news.view_section", "news.view_hottag",
    "news.add_image", "news.change_image", "news.view_image",
    "news.add_attachment", "news.change_attachment", "news.delete_attachment",
    "news.view_attachment",
    "news.add_sensitiveword", "news.change_sensitiveword", "news.delete_sensitiveword",
    "news.view_sensitiveword",
    "taggit.view_tag",
]  # fmt: skip
CHIEF_EDITOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    "news.publish_article", "news.withdraw_article", "news.delete_article",
    "news.restore_article",
    "news.add_section", "news.change_section", "news.delete_section",
    "news.add_hottag", "news.change_hottag", "news.delete_hottag",
    "news.delete_image",
    "news.view_auditentry",
    "taggit.add_tag", "taggit.change_tag", "taggit.delete_tag",
]  # fmt: skip
GROUPS = {"编辑": EDITOR_PERMISSIONS, "主编": CHIEF_EDITOR_PERMISSIONS}


def ensure_groups(Group, Permission):  # noqa: N803 - model classes, real or historical
    """Create the groups if missing and give them at least their permissions."""
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


def ensure_groups_after_migrate(sender, **kwargs):
    """post_migrate: bring the groups back after a database flush (tests, restores)."""
    from django.contrib.auth.models import Group, Permission

    ensure_groups(Group, Permission)
