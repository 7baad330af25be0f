from django.contrib import admin

from core.admin_widgets import SafeAutocompleteMixin

from .models import Organisation, Unit


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]


@admin.register(Unit)
class UnitAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "parent"]
    list_filter = ["organisation__kind", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation", "parent__organisation"]
    autocomplete_fields = ["organisation", "parent"]
