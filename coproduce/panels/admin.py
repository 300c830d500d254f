from django.contrib import admin

from coproduce.panels.models import CaseAccess, CourtSettings, Hearing

# Cases are deliberately not in the admin: every read of a case goes through the logged pages and API.


@admin.register(CaseAccess)
class CaseAccessAdmin(admin.ModelAdmin):
    """The access log: readable by platform staff, never changed."""

    list_display = ["created_at", "community", "user", "case_id", "channel", "what"]
    list_filter = ["community", "channel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (CourtSettings, Hearing):
    admin.site.register(model, list_filter=["community"])
