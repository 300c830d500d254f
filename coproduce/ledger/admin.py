"""Read-only views of the ledger for platform staff. Balances change only through the ledger services, so the
admin can neither add, change nor delete anything here."""

from django.contrib import admin

from coproduce.ledger.models import Account, Entry, Transfer


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(_ReadOnly):
    list_display = ["id", "community", "owner_name", "balance", "floor", "ceiling", "flagged_at", "is_active"]
    list_filter = ["community", "is_active"]
    list_select_related = ["community", "membership__user", "organisation"]


@admin.register(Transfer)
class TransferAdmin(_ReadOnly):
    list_display = [
        "id",
        "community",
        "created_at",
        "kind",
        "from_account_id",
        "to_account_id",
        "minutes",
        "reverses_id",
    ]
    list_filter = ["community", "kind"]
    list_select_related = ["community"]
    search_fields = ["idempotency_key", "memo"]


@admin.register(Entry)
class EntryAdmin(_ReadOnly):
    list_display = ["id", "account_id", "transfer_id", "amount", "balance_after", "created_at"]
    list_filter = ["community"]
