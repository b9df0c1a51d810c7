from .accounts import AccountStatus, Service, SocialAccount
from .org import Department, Division, Organisation, Role, RoleAssignment, User
from .plans import (
    AGE_GROUPS,
    OperationPlan,
    PlanEvent,
    PlanStatus,
    PlanVersion,
    Reminder,
    ReplyPolicy,
)
from .security import AccountSecurity

__all__ = [
    "AGE_GROUPS",
    "AccountSecurity",
    "AccountStatus",
    "Department",
    "Division",
    "OperationPlan",
    "Organisation",
    "PlanEvent",
    "PlanStatus",
    "PlanVersion",
    "Reminder",
    "ReplyPolicy",
    "Role",
    "RoleAssignment",
    "Service",
    "SocialAccount",
    "User",
]
