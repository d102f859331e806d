"""Recognising a member company where another app asks (an event's registration form): by the
code the association gives its members, or by its full or short name as the directory has it."""

import re

from .models import Member

# Spaces and both kinds of brackets people type in a name: 示例(北京)膜业 = 示例（北京）膜业.
_NOISE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"（": "(", "）": ")"})


def normalised(name):
    return _NOISE.sub("", (name or "").translate(_BRACKETS)).casefold()


def find_member(organisation="", code=""):
    """The member in good standing (正常) with this code, or else this name; None if none."""
    members = Member.objects.published().only("id", "name", "short_name", "code")
    code = (code or "").strip()
    if code:
        return members.filter(code__iexact=code).first()
    wanted = normalised(organisation)
    if not wanted:
        return None
    # A directory holds hundreds of members, and this runs once per form sent: compare them all
    # on the normalised spelling.
    for member in members:
        if wanted in (normalised(member.name), normalised(member.short_name)):
            return member
    return None
