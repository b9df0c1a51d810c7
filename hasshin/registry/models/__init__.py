from .accounts import AccountStatus, Service, SocialAccount
from .org import Department, Division, Organisation, Role, RoleAssignment, User

__all__ = [
    "AccountStatus",
    "Department",
    "Division",
    "Organisation",
    "Role",
    "RoleAssignment",
    "Service",
    "SocialAccount",
    "User",
]
