from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("placements/<uuid:public_id>/agreement/", views.agreement_generate, name="agreement_generate"),
    path("agreements/<uuid:public_id>/accept/", views.agreement_accept, name="agreement_accept"),
    path("agreements/<uuid:public_id>/pdf/", views.agreement_download, name="agreement_download"),
]
