from .applications import ApplicationDecision, MembershipApplication
from .directory import PROVINCES, Member, MembershipField, MembershipLevel
from .mentions import MemberMention

__all__ = [
    "PROVINCES", "ApplicationDecision", "Member", "MemberMention", "MembershipApplication",
    "MembershipField", "MembershipLevel",
]  # fmt: skip
