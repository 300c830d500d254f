from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from coproduce.communities.models import Asset, Check, Community, Membership, Organisation, PersonalAccessToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "name", "preferred_language")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "locale", "hour_value"]
    search_fields = ["name", "slug"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "member_number", "kind", "role", "status"]
    list_filter = ["community", "kind", "role", "status"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "community"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "contact_email", "is_active"]
    list_filter = ["community", "is_active"]
    search_fields = ["name"]


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "membership", "community"]
    list_filter = ["community", "kind"]
    search_fields = ["title", "membership__user__name"]
    raw_id_fields = ["membership"]
    list_select_related = ["membership__user", "community"]


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    list_display = ["membership", "kind", "status", "checked_on", "expires_on", "community"]
    list_filter = ["community", "kind", "status"]
    search_fields = ["membership__user__name", "title"]
    raw_id_fields = ["membership", "recorded_by"]
    list_select_related = ["membership__user", "community"]


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix"]
