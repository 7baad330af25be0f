from django.contrib import admin

from .models import Agreement, AgreementAcceptance


class AgreementAcceptanceInline(admin.TabularInline):
    model = AgreementAcceptance
    extra = 0
    fields = ["version", "party", "name", "accepted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read only: agreements are drawn up and agreed on the placement's page (checked and audited)."""

    list_display = ["placement", "version", "generated_at", "completed_at"]
    list_filter = ["placement__assignment__programme"]
    search_fields = ["placement__student__user__name", "placement__assignment__title"]
    list_select_related = ["placement__student__user", "placement__assignment"]
    readonly_fields = ["placement", "version", "terms", "generated_at", "completed_at", "document"]
    inlines = [AgreementAcceptanceInline]

    def has_add_permission(self, request):
        return False
