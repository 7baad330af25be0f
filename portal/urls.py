from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from dashboards.views import home

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Stageportaal"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("dashboards.urls")),
    path("", include("placements.urls")),
    path("", include("rounds.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("", include("documents.urls")),
    path("", include("exchanges.urls")),
    path("", include("agreements.urls")),
    path("", include("accounts.urls")),
    path("", include("programmes.urls")),
    path("privacy/", include("privacy.urls")),
    path("imports/", include("imports.urls")),
    path("", include("hours.urls")),
    path("", include("logbook.urls")),
]
