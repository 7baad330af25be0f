from django.contrib import admin

from audit.admin import AuditedAdminMixin
from core.admin_widgets import SafeAutocompleteMixin

from . import services
from .models import Organisation, Unit


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]


@admin.register(Unit)
class UnitAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    """The form refuses a cycle or a parent of another organisation (Unit.clean); saving goes through the
    services, which check again and audit (deletes are audited by the mixin)."""

    list_display = ["name", "organisation", "parent"]
    list_filter = ["organisation__kind", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation", "parent__organisation"]
    autocomplete_fields = ["organisation", "parent"]

    def get_readonly_fields(self, request, obj=None):
        return ["organisation"] if obj is not None else []  # a unit stays in its organisation

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data.get(field, "") for field in services.UNIT_FIELDS}
        data["parent"] = form.cleaned_data.get("parent")
        if change:
            services.unit_update(unit=Unit.objects.get(pk=obj.pk), actor=request.user, **data)
            return
        obj.pk = services.unit_create(organisation=form.cleaned_data["organisation"], actor=request.user, **data).pk
