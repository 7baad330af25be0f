from django.contrib import admin

from .models import HoursWeek


@admin.register(HoursWeek)
class HoursWeekAdmin(admin.ModelAdmin):
    """Read-only: weeks are recorded and reviewed through the services (checked and audited)."""

    list_display = ["placement", "week_start", "hours_worked", "absence_hours", "status"]
    list_filter = ["status"]
    search_fields = ["placement__student__user__name"]
    list_select_related = ["placement__student__user", "placement__assignment"]
    date_hierarchy = "week_start"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
