from django.contrib import admin

from .models import ColumnMapping, ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "programme", "state", "total", "done", "error_count", "created_at"]
    list_filter = ["kind", "state", "programme"]
    search_fields = ["original_name", "programme__name", "created_by__email"]
    readonly_fields = [f.name for f in ImportJob._meta.get_fields() if f.concrete and f.name != "id"]
    list_select_related = ["programme"]

    def has_add_permission(self, request):
        return False  # imports are uploaded through the leader's page, which checks every row


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["programme", "kind", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["programme"]
    readonly_fields = ["programme", "kind", "headers_key", "updated_at"]
