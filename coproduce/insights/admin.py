from django.contrib import admin

from coproduce.insights.models import InsightSnapshot


@admin.register(InsightSnapshot)
class InsightSnapshotAdmin(admin.ModelAdmin):
    """Read-only: snapshots are only ever replaced by a fresh computation."""

    list_display = ["community", "service", "period_start", "period_end", "computed_at", "stale_since", "requested_at"]
    list_filter = ["community"]
    list_select_related = ["community", "service"]
    readonly_fields = [f.name for f in InsightSnapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
