"""Pages of the family link-ups programme. Thin: parse, call one service or selector, render.

Household details are for the programme's staff and the family itself; anyone else gets the same 404 as for a page
that does not exist.
"""

from coproduce.linkups.views.households import (
    goal_action,
    home,
    household_create,
    household_detail,
    household_edit,
    household_experience_add,
    household_experience_remove,
    household_goals_new,
    household_person_add,
    household_person_remove,
    household_progress,
    household_role,
    household_suggestions,
)
from coproduce.linkups.views.linkups import (
    checkin_new,
    linkup_complete,
    linkup_create,
    linkup_detail,
    linkup_end,
    linkup_extend,
    linkups,
    training,
)
from coproduce.linkups.views.programme import programme, programme_settings

__all__ = [
    "checkin_new",
    "goal_action",
    "home",
    "household_create",
    "household_detail",
    "household_edit",
    "household_experience_add",
    "household_experience_remove",
    "household_goals_new",
    "household_person_add",
    "household_person_remove",
    "household_progress",
    "household_role",
    "household_suggestions",
    "linkup_complete",
    "linkup_create",
    "linkup_detail",
    "linkup_end",
    "linkup_extend",
    "linkups",
    "programme",
    "programme_settings",
    "training",
]
