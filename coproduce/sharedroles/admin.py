from django.contrib import admin

from coproduce.sharedroles.models import (
    Committee,
    CommitteeDecision,
    CommitteeMeeting,
    PlaceMember,
    RoleTemplate,
    SharedRolesSettings,
    Shift,
    ShiftSignup,
)


@admin.register(RoleTemplate)
class RoleTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "area", "risk_level", "supervision", "is_personal_care", "is_active"]
    list_filter = ["community", "area", "risk_level", "supervision"]


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["template", "community", "starts_at", "capacity", "status"]
    list_filter = ["community", "status"]
    raw_id_fields = ["template", "activity"]


for model in (SharedRolesSettings, PlaceMember, ShiftSignup, Committee, CommitteeMeeting, CommitteeDecision):
    admin.site.register(model, list_filter=["community"])
