from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.urls import reverse

from .models import AuditEntry
from .services import audit_log, diff, snapshot


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "object_repr", "actor"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor__email", "action"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """Creates, changes and deletes made in the admin enter the audit trail: who, when and the diff.

    For admins whose model has no service of its own (rotation rounds, assignments, evaluation requests and
    responses); admins that save through a service override save_model and keep the service's entry.
    Inline rows (answers, learning goals) are recorded on their parent.
    """

    audit_name = ""  # the action prefix; the model name by default

    def history_view(self, request, object_id, extra_context=None):
        """The change page's History button shows this object's audit trail."""
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        query = urlencode({"content_type__id__exact": content_type.pk, "object_id": object_id})
        return redirect(f"{reverse('admin:audit_auditentry_changelist')}?{query}")

    def _audit_name(self, obj) -> str:
        return self.audit_name or obj._meta.model_name

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        after = snapshot(obj)
        verb, changes = ("updated", diff(before, after)) if change else ("created", after)
        if changes or not change:
            audit_log(actor=request.user, action=f"{self._audit_name(obj)}.{verb}", instance=obj, changes=changes)

    def delete_model(self, request, obj):
        audit_log(actor=request.user, action=f"{self._audit_name(obj)}.deleted", instance=obj, changes=snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_log(
                actor=request.user, action=f"{self._audit_name(obj)}.deleted", instance=obj, changes=snapshot(obj)
            )
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        rows = {
            "added": [str(obj) for obj in formset.new_objects],
            "changed": [str(obj) for obj, _fields in formset.changed_objects],
            "deleted": [str(obj) for obj in formset.deleted_objects],
        }
        if any(rows.values()):
            name = formset.model._meta.model_name
            changes = {f"{name}.{key}": value for key, value in rows.items() if value}
            parent = form.instance
            audit_log(
                actor=request.user, action=f"{self._audit_name(parent)}.updated", instance=parent, changes=changes
            )
