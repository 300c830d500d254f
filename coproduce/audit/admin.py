from django.contrib import admin

from coproduce.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "community", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "community"]
    search_fields = ["action", "object_type", "object_id"]
    list_select_related = ["community", "actor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
