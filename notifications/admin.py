from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "window", "status", "attempts", "created_at", "retry_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__email", "recipient__name", "object_key", "subject"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.get_fields() if f.concrete]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
