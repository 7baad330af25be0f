from django.urls import path

from . import views

app_name = "exchanges"

urlpatterns = [
    path("leader/exchanges/", views.exchange_matrix, name="matrix"),
]
