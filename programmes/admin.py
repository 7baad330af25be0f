from django.contrib import admin

from audit.admin import AuditedAdminMixin
from audit.services import audit_log, snapshot
from core.admin_widgets import SafeAutocompleteMixin

from .models import (
    Cohort,
    Programme,
    ProgrammeLeader,
    ProgrammeSchool,
    RotationRound,
    SbbAdviser,
    SchoolSupervisor,
    Student,
    Supervisor,
)


class RoleGrantAuditMixin:
    """Role grants made in the admin (leader grants, student and supervisor profiles) enter the audit trail."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        verb = "changed" if change else "granted"
        audit_log(actor=request.user, action=f"{_grant_name(obj)}.{verb}", instance=obj, changes=snapshot(obj))

    def delete_model(self, request, obj):
        audit_log(actor=request.user, action=f"{_grant_name(obj)}.revoked", instance=obj, changes=snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_log(actor=request.user, action=f"{_grant_name(obj)}.revoked", instance=obj, changes=snapshot(obj))
        super().delete_queryset(request, queryset)


def _grant_name(obj) -> str:
    return {
        "programmeleader": "leader_grant",
        "student": "student_role",
        "supervisor": "supervisor_role",
        "schoolsupervisor": "school_supervisor_role",
        "sbbadviser": "sbb_adviser_role",
        "programmeschool": "programme_school",
    }[obj._meta.model_name]


class ProgrammeLeaderInline(SafeAutocompleteMixin, admin.TabularInline):
    model = ProgrammeLeader
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Programme)
class ProgrammeAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "start_date", "end_date", "rotation_length", "rotation_length_unit"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name", "organisation__name", "funding"]
    list_select_related = ["organisation"]
    inlines = [ProgrammeLeaderInline]
    autocomplete_fields = ["organisation"]

    def save_formset(self, request, form, formset, change):
        """Leader grants added or removed inline are audited like those made on their own page."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if isinstance(obj, ProgrammeLeader):
                audit_log(actor=request.user, action="leader_grant.revoked", instance=obj, changes=snapshot(obj))
            obj.delete()
        for obj in instances:
            is_new = obj.pk is None
            obj.save()
            if isinstance(obj, ProgrammeLeader):
                verb = "granted" if is_new else "changed"
                audit_log(actor=request.user, action=f"leader_grant.{verb}", instance=obj, changes=snapshot(obj))
        formset.save_m2m()


@admin.register(ProgrammeLeader)
class ProgrammeLeaderAdmin(SafeAutocompleteMixin, RoleGrantAuditMixin, admin.ModelAdmin):
    list_display = ["user", "programme", "created_at"]
    list_filter = ["programme"]
    search_fields = ["user__name", "user__email", "programme__name"]
    list_select_related = ["user", "programme"]
    autocomplete_fields = ["user", "programme"]


@admin.register(Student)
class StudentAdmin(SafeAutocompleteMixin, RoleGrantAuditMixin, admin.ModelAdmin):
    list_display = ["user", "school", "study_programme", "level", "expected_graduation"]
    list_filter = ["level", "school"]
    search_fields = ["user__name", "user__email", "school__name", "study_programme"]
    list_select_related = ["user", "school"]
    autocomplete_fields = ["user", "school", "school_supervisor"]


@admin.register(SchoolSupervisor)
class SchoolSupervisorAdmin(SafeAutocompleteMixin, RoleGrantAuditMixin, admin.ModelAdmin):
    list_display = ["user", "school"]
    list_filter = ["school"]
    search_fields = ["user__name", "user__email", "school__name"]
    list_select_related = ["user", "school"]
    autocomplete_fields = ["user", "school"]


@admin.register(SbbAdviser)
class SbbAdviserAdmin(SafeAutocompleteMixin, RoleGrantAuditMixin, admin.ModelAdmin):
    list_display = ["user"]
    search_fields = ["user__name", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "programmes"]


@admin.register(ProgrammeSchool)
class ProgrammeSchoolAdmin(SafeAutocompleteMixin, RoleGrantAuditMixin, admin.ModelAdmin):
    list_display = ["school", "programme", "created_at"]
    list_filter = ["programme"]
    list_select_related = ["school", "programme"]
    autocomplete_fields = ["school", "programme"]


@admin.register(Supervisor)
class SupervisorAdmin(SafeAutocompleteMixin, RoleGrantAuditMixin, admin.ModelAdmin):
    list_display = ["user", "job_title", "max_students"]
    search_fields = ["user__name", "user__email", "job_title"]
    list_filter = ["units__organisation"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "units"]


@admin.register(Cohort)
class CohortAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "programme", "start_date"]
    list_filter = ["programme"]
    search_fields = ["name", "programme__name"]
    list_select_related = ["programme"]
    autocomplete_fields = ["students", "programme"]


@admin.register(RotationRound)
class RotationRoundAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "cohort", "start_date", "end_date", "state"]
    list_filter = ["state", "cohort__programme"]
    search_fields = ["name", "cohort__name", "cohort__programme__name"]
    list_select_related = ["cohort__programme"]
    autocomplete_fields = ["cohort"]
    audit_name = "rotation_round"
