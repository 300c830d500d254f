"""Writes of the link-ups programme. Each function validates, changes, audits and records its activities in one
transaction; refusals raise DomainError (naming the field) or NotFound."""

from coproduce.linkups.services.checkins import checkin_record
from coproduce.linkups.services.goals import (
    GoalInput,
    goal_mark_met,
    goal_reopen,
    goal_set_aside,
    goal_update,
    goals_set,
)
from coproduce.linkups.services.households import (
    household_check_record,
    household_create,
    household_experience_add,
    household_experience_remove,
    household_person_add,
    household_person_remove,
    household_set_role,
    household_update,
)
from coproduce.linkups.services.linkups import (
    ConsentInput,
    linkup_complete,
    linkup_create,
    linkup_end_early,
    linkup_extend,
)
from coproduce.linkups.services.programme import programme_settings_update

__all__ = [
    "ConsentInput",
    "GoalInput",
    "checkin_record",
    "goal_mark_met",
    "goal_reopen",
    "goal_set_aside",
    "goal_update",
    "goals_set",
    "household_check_record",
    "household_create",
    "household_experience_add",
    "household_experience_remove",
    "household_person_add",
    "household_person_remove",
    "household_set_role",
    "household_update",
    "linkup_complete",
    "linkup_create",
    "linkup_end_early",
    "linkup_extend",
    "programme_settings_update",
]
