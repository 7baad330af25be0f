"""The portal's URLs plus a bare view: the floor any page pays for the middleware stack."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/bare/", bare, name="bench_bare"),
    path("", include("portal.urls")),
]
