"""Who may do what with events: editors write events; only 会务 sees the registrants.

Registrants' personal data sits behind the registration models' own permissions, which only
the group 会务 (conference staff) has; an editor who may edit an event still sees no one's
name or phone. Made by migrations 0002 and 0005 and used by the tests (a flush empties the groups).
"""

CONFERENCE_GROUP = "会务"
EVENT_PERMISSIONS = ["add_event", "change_event", "view_event", "add_question", "change_question",
                     "view_question", "delete_question",
                     # a notice's 回执: editors switch it on and set its questions
                     "add_noticereply", "change_noticereply", "view_noticereply"]  # fmt: skip
# 会务: the events, and every registration permission (see, mark paid, check in, cancel, export).
CONFERENCE_PERMISSIONS = EVENT_PERMISSIONS + [
    "view_registration", "change_registration", "delete_registration", "add_registration",
    "view_attendee", "change_attendee", "delete_attendee", "add_attendee",
]  # fmt: skip
# The newsroom's groups (news/roles.py) may write events, never see registrations.
EDITOR_GROUPS = {
    "编辑": EVENT_PERMISSIONS,
    "主编": EVENT_PERMISSIONS + ["delete_event", "delete_noticereply"],
}


def ensure_groups(Group, Permission):  # noqa: N803 - the models, historical in migrations
    def perms(codenames):
        return Permission.objects.filter(content_type__app_label="events", codename__in=codenames)

    group, _ = Group.objects.get_or_create(name=CONFERENCE_GROUP)
    group.permissions.add(*perms(CONFERENCE_PERMISSIONS))
    for name, codenames in EDITOR_GROUPS.items():
        editors = Group.objects.filter(name=name).first()
        if editors is not None:
            editors.permissions.add(*perms(codenames))
    return group
