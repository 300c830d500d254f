from django.contrib import admin

from coproduce.assessment.models import (
    CommunityStatement,
    Instrument,
    NextStepOverride,
    Round,
    Statement,
    SuggestedStep,
)


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    fields = ["code", "principle", "position"]
    readonly_fields = ["code", "principle", "position"]
    can_delete = False


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title", "version"]
    inlines = [StatementInline]


@admin.register(SuggestedStep)
class SuggestedStepAdmin(admin.ModelAdmin):
    list_display = ["principle", "band"]
    list_filter = ["principle", "band"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "service", "period_start", "period_end", "status"]
    list_filter = ["status", "community"]
    readonly_fields = ["instrument", "opened_by", "closed_at"]


@admin.register(CommunityStatement)
class CommunityStatementAdmin(admin.ModelAdmin):
    list_display = ["professional_text", "community", "principle", "is_active"]
    list_filter = ["community", "principle", "is_active"]


@admin.register(NextStepOverride)
class NextStepOverrideAdmin(admin.ModelAdmin):
    list_display = ["community", "principle", "band"]
    list_filter = ["community"]
