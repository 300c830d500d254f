from django.urls import path

from coproduce.ledger import views

app_name = "ledger"
urlpatterns = [
    path("me/", views.my_account, name="home"),
    path("accounts/<int:account_id>/", views.statement, name="statement"),
    path("accounts/<int:account_id>/statement.csv", views.statement_csv, name="statement_csv"),
    path("accounts/<int:account_id>/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("accounts/<int:account_id>/limits/", views.limits_edit, name="limits"),
    path("accounts/<int:account_id>/clear-flag/", views.flag_clear, name="flag_clear"),
    path("coordinate/", views.coordinate, name="coordinate"),
    path("coordinate/flagged/", views.flagged, name="flagged"),
    path("coordinate/fund/", views.fund_grant, name="fund_grant"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<int:transfer_id>/reverse/", views.transfer_reverse, name="reverse"),
]
