from django.contrib import admin

from .models import LogbookEntry


@admin.register(LogbookEntry)
class LogbookEntryAdmin(admin.ModelAdmin):
    """Read-only, without the photo: entries are written through the services, photos served only to the
    people of the placement (logbook.views.entry_photo)."""

    list_display = ["placement", "date", "place"]
    search_fields = ["placement__student__user__name", "place"]
    list_select_related = ["placement__student__user", "placement__assignment"]
    date_hierarchy = "date"
    exclude = ["photo"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
