from django.contrib import admin

from coproduce.timebank.models import Category, Exchange, GroupExchange, Listing

# Read-only: every change goes through the services, which audit it and keep the search index and ledger in step.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "community", "is_archived"]
    list_filter = ["community"]


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "community", "status", "created_at"]
    list_filter = ["community", "kind", "status"]
    search_fields = ["title"]
    exclude = ["search_vector"]


@admin.register(Exchange)
class ExchangeAdmin(ReadOnlyAdmin):
    list_display = ["title", "community", "status", "origin", "minutes", "created_at"]
    list_filter = ["community", "status", "origin"]


@admin.register(GroupExchange)
class GroupExchangeAdmin(ReadOnlyAdmin):
    list_display = ["title", "community", "mode", "occurred_at"]
