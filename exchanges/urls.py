from django.urls import path

import core.converters  # noqa: F401 (registers the <id:...> and <token:...> converters)

from . import views

app_name = "exchanges"

urlpatterns = [
    path("leader/exchanges/", views.exchange_matrix, name="matrix"),
    path("exchanges/", views.slot_list, name="slots"),
    path("exchanges/mine/", views.my_exchanges, name="mine"),
    path("exchanges/days/<uuid:public_id>/", views.slot_detail, name="slot_detail"),
    path("exchanges/hosting/", views.hosting, name="hosting"),
    path("exchanges/hosting/new/", views.slot_create, name="slot_create"),
    path("exchanges/hosting/<uuid:public_id>/edit/", views.slot_edit, name="slot_edit"),
    path("exchanges/hosting/<uuid:public_id>/withdraw/", views.slot_withdraw, name="slot_withdraw"),
    path("exchanges/requests/<id:pk>/decide/", views.request_decide, name="request_decide"),
    path("exchanges/requests/<id:pk>/reflect/", views.reflect, name="reflect"),
    path("exchanges/visits/<id:pk>/", views.visit, name="visit"),
    path("exchanges/coordination/", views.coordination_index, name="coordination_index"),
    path("exchanges/coordination/<id:pk>/", views.coordination, name="coordination"),
    path("exchanges/coordination/<id:pk>/units/", views.coordination_unit_create, name="coordination_unit_create"),
    path("exchanges/coordination/<id:pk>/hosts/", views.coordination_host_invite, name="coordination_host_invite"),
]
