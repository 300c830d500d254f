from django.urls import path

from coproduce.timebank import views

app_name = "timebank"
urlpatterns = [
    path("", views.listings, name="listings"),
    path("listings/new/", views.listing_create, name="listing_create"),
    path("listings/<int:listing_id>/", views.listing_detail, name="listing_detail"),
    path("listings/<int:listing_id>/edit/", views.listing_edit, name="listing_edit"),
    path("listings/<int:listing_id>/withdraw/", views.listing_withdraw, name="listing_withdraw"),
    path("listings/<int:listing_id>/respond/", views.listing_respond, name="listing_respond"),
    path("exchanges/", views.my_exchanges, name="my_exchanges"),
    path("exchanges/<int:exchange_id>/", views.exchange_detail, name="exchange_detail"),
    path("exchanges/<int:exchange_id>/correct/", views.exchange_correct, name="exchange_correct"),
    path("exchanges/<int:exchange_id>/<slug:step>/", views.exchange_step, name="exchange_step"),
    path("fund/", views.fund, name="fund"),
    path("fund/donate/", views.fund_donate, name="fund_donate"),
    path("fund/allocate/", views.fund_allocate, name="fund_allocate"),
    path("settings/", views.preferences, name="preferences"),
    path("coordinate/", views.dashboard, name="dashboard"),
    path("coordinate/record/", views.record_brokered, name="record_brokered"),
    path("coordinate/group/", views.group_exchange, name="group_exchange"),
    path("coordinate/categories/", views.categories, name="categories"),
    path("coordinate/categories/<int:category_id>/", views.category_edit, name="category_edit"),
    path("coordinate/import/", views.import_page, name="import"),
]
