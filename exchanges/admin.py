from django.contrib import admin

from core.admin_widgets import SafeAutocompleteMixin

from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot


@admin.register(ExchangeParticipant)
class ExchangeParticipantAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["student", "organisation", "programme"]
    list_filter = ["programme", "organisation"]
    search_fields = ["student__user__name", "student__user__email", "organisation__name"]
    list_select_related = ["student__user", "organisation", "programme"]
    autocomplete_fields = ["student", "organisation"]


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
    search_fields = ["participant__student__user__name", "participant__organisation__name", "slot__place"]
    list_select_related = ["participant__student__user", "participant__organisation", "slot__assignment"]

    def has_change_permission(self, request, obj=None):
        return False
