from django.contrib import admin

from accounts.admin_widgets import SafeAutocompleteMixin

from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot, Reflection


@admin.register(ExchangeParticipant)
class ExchangeParticipantAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["student", "organisation", "programme"]
    list_select_related = ["student__user", "organisation", "programme"]
    autocomplete_fields = ["student", "organisation"]


@admin.register(ExchangeSlot)
class ExchangeSlotAdmin(admin.ModelAdmin):
    list_display = ["assignment", "date", "place", "published_by"]
    list_select_related = ["assignment", "published_by"]
    readonly_fields = ["assignment", "published_by"]


@admin.register(ExchangeRequest)
class ExchangeRequestAdmin(admin.ModelAdmin):
    """Read-only: decisions go through exchange_request_decide (placement, audit, e-mail)."""

    list_display = ["participant", "slot", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["participant__student__user", "participant__organisation", "slot__assignment"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["request", "author", "rating", "created_at"]
    list_select_related = ["author"]
