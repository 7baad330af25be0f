from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from accounts.admin_widgets import SafeAutocompleteMixin
from audit.admin import AuditedAdminMixin
from audit.services import audit_log, snapshot

from . import services
from .models import (
    Activity,
    Assignment,
    Attendance,
    Cohort,
    LearningGoal,
    Placement,
    Preference,
    Programme,
    ProgrammeLeader,
    RotationRound,
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
    return {"programmeleader": "leader_grant", "student": "student_role", "supervisor": "supervisor_role"}[
        obj._meta.model_name
    ]


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
    list_display = ["user", "institution", "study_programme", "level", "expected_graduation"]
    list_filter = ["level", "institution"]
    search_fields = ["user__name", "user__email", "institution", "study_programme"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


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


@admin.register(Assignment)
class AssignmentAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "unit", "programme", "capacity", "min_capacity", "is_group", "is_active"]
    list_filter = ["programme", "is_group", "is_active", "unit__organisation"]
    search_fields = ["title", "description", "unit__name"]
    list_select_related = ["unit__organisation", "programme"]
    autocomplete_fields = ["unit", "programme", "default_supervisor"]


@admin.register(RotationRound)
class RotationRoundAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "cohort", "start_date", "end_date", "state"]
    list_filter = ["state", "cohort__programme"]
    search_fields = ["name", "cohort__name", "cohort__programme__name"]
    list_select_related = ["cohort__programme"]
    autocomplete_fields = ["cohort"]
    audit_name = "rotation_round"


@admin.register(Preference)
class PreferenceAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["student", "rotation_round", "assignment", "rank"]
    list_filter = ["rotation_round"]
    search_fields = ["student__user__name", "assignment__title"]
    list_select_related = ["student__user", "rotation_round__cohort__programme", "assignment"]
    autocomplete_fields = ["student", "rotation_round", "assignment"]


class PlacementAdminForm(forms.ModelForm):
    """Gives the overlap, capacity and load messages on the form; saving goes through the service."""

    class Meta:
        model = Placement
        fields = ["student", "assignment", "rotation_round", "supervisor", "start_date", "end_date", "status", "notes"]

    def clean(self):
        data = super().clean()
        needed = ("student", "assignment", "start_date", "end_date")
        if any(data.get(name) is None for name in needed) or data.get("status") == Placement.Status.CANCELLED:
            return data
        exclude_id = self.instance.pk
        try:
            services.placement_check_overlap(
                student=data["student"], start_date=data["start_date"], end_date=data["end_date"], exclude_id=exclude_id
            )
            services.assignment_check_capacity(
                assignment=data["assignment"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                exclude_id=exclude_id,
            )
            if data.get("supervisor"):
                services.supervisor_check_load(
                    supervisor=data["supervisor"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    exclude_id=exclude_id,
                )
            if data.get("status") == Placement.Status.ACTIVE and self.instance.status != Placement.Status.ACTIVE:
                from documents.services import placement_check_documents

                placement_check_documents(
                    student=data["student"], assignment=data["assignment"], start_date=data["start_date"]
                )
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return data


class LearningGoalInline(admin.TabularInline):
    model = LearningGoal
    extra = 0


@admin.register(Placement)
class PlacementAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    form = PlacementAdminForm
    list_display = ["student", "assignment", "start_date", "end_date", "status", "supervisor"]
    list_filter = ["status", "assignment__programme", "assignment__unit__organisation"]
    search_fields = ["student__user__name", "student__user__email", "assignment__title", "assignment__unit__name"]
    list_select_related = ["student__user", "assignment", "supervisor__user"]
    autocomplete_fields = ["student", "assignment", "rotation_round", "supervisor"]
    date_hierarchy = "start_date"
    inlines = [LearningGoalInline]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.placement_create(
                student=data["student"],
                assignment=data["assignment"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                supervisor=data.get("supervisor"),
                rotation_round=data.get("rotation_round"),
                status=data["status"],
                notes=data.get("notes", ""),
                actor=request.user,
            )
            obj.pk, obj.public_id = created.pk, created.public_id
            obj._state.adding = False
            return
        original = Placement.objects.get(pk=obj.pk)
        if data["status"] != Placement.Status.CANCELLED:
            services.placement_update(
                placement=original,
                assignment=data["assignment"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                supervisor=data.get("supervisor"),
                notes=data.get("notes", ""),
                actor=request.user,
            )
        services.placement_set_status(placement=original, status=data["status"], actor=request.user)


class AttendanceInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["student"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "kind", "date", "location"]
    list_filter = ["kind", "programme"]
    search_fields = ["title", "location"]
    list_select_related = ["programme"]
    inlines = [AttendanceInline]
    date_hierarchy = "date"
