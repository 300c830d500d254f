from django.contrib import admin

from coproduce.coproduction.models import Activity, Contribution, Service


class ContributionInline(admin.TabularInline):
    model = Contribution
    raw_id_fields = ["membership"]
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "service", "kind", "phase", "ladder_step", "occurred_at"]
    list_filter = ["community", "phase", "kind"]
    search_fields = ["title"]
    raw_id_fields = ["service", "recorded_by"]
    list_select_related = ["community", "service"]
    inlines = [ContributionInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "is_active"]
    list_filter = ["community", "is_active"]
    search_fields = ["name"]
