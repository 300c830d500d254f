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
    inlines = [ContributionInline]


admin.site.register(Service, list_filter=["community"])
