from django.contrib import admin

from audit.admin import AuditedAdminMixin
from core.admin_widgets import SafeAutocompleteMixin
from programmes.models import ExchangeCoordinator, Professional

from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot


@admin.register(Professional)
class ProfessionalAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "job_title"]
    list_filter = ["organisation"]
    search_fields = ["user__name", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ExchangeCoordinator)
class ExchangeCoordinatorAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "programme"]
    list_filter = ["programme", "organisation"]
    search_fields = ["user__name", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation", "programme"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ExchangeParticipant)
class ExchangeParticipantAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["professional", "programme"]
    list_filter = ["programme", "professional__organisation"]
    search_fields = ["professional__user__name", "professional__user__email", "professional__organisation__name"]
    list_select_related = ["professional__user", "professional__organisation", "programme"]
    autocomplete_fields = ["professional"]


@admin.register(ExchangeSlot)
class ExchangeSlotAdmin(admin.ModelAdmin):
    """Read-only: publishing, changes and withdrawal go through exchanges.services (audit, e-mails)."""

    list_display = ["assignment", "date", "place", "published_by", "withdrawn_at"]
    list_filter = ["assignment__programme", "date"]
    search_fields = ["assignment__title", "place", "assignment__unit__organisation__name"]
    list_select_related = ["assignment", "published_by"]
    readonly_fields = ["assignment", "published_by", "withdrawn_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExchangeRequest)
class ExchangeRequestAdmin(admin.ModelAdmin):
    """Read-only: decisions go through exchange_request_decide (placement, audit, e-mail)."""

    list_display = ["participant", "slot", "status", "created_at"]
    list_filter = ["status", "slot__assignment__programme"]
    search_fields = [
        "participant__professional__user__name",
        "participant__professional__organisation__name",
        "slot__place",
    ]
    list_select_related = [
        "participant__professional__user",
        "participant__professional__organisation",
        "slot__assignment",
    ]

    def has_change_permission(self, request, obj=None):
        return False
