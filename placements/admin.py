from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.admin import AuditedAdminMixin
from core.admin_widgets import SafeAutocompleteMixin

from . import services
from .models import Activity, Assignment, Attendance, LearningGoal, Placement, ProjectGroup, ProjectGroupMember


class AssignmentAdminForm(forms.ModelForm):
    """Gives the assignment's messages (a supervisor of the unit's organisation, levels, capacity) on the form;
    saving goes through the service."""

    class Meta:
        model = Assignment
        fields = ["programme", *services.ASSIGNMENT_FIELDS]

    def clean(self):
        data = super().clean()
        values = {field: data.get(field) for field in services.ASSIGNMENT_FIELDS if field in data}
        if self.errors or values.get("unit") is None:
            return data
        try:
            services.assignment_check(values=values)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return data


@admin.register(Assignment)
class AssignmentAdmin(SafeAutocompleteMixin, AuditedAdminMixin, admin.ModelAdmin):
    form = AssignmentAdminForm
    list_display = ["title", "unit", "programme", "capacity", "min_capacity", "is_group", "is_active"]
    list_filter = ["programme", "is_group", "is_active", "unit__organisation"]
    search_fields = ["title", "description", "unit__name"]
    list_select_related = ["unit__organisation", "programme"]
    autocomplete_fields = ["unit", "programme", "default_supervisor"]

    def get_readonly_fields(self, request, obj=None):
        return ["programme"] if obj is not None else []  # its placements and rounds belong to the programme

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in services.ASSIGNMENT_FIELDS if field in form.cleaned_data}
        if change:
            services.assignment_update(assignment=Assignment.objects.get(pk=obj.pk), actor=request.user, **data)
            return
        obj.pk = services.assignment_create(programme=form.cleaned_data["programme"], actor=request.user, **data).pk


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
            services.placement_status_check(
                before=self.instance.status if exclude_id else Placement.Status.PLANNED,
                after=data.get("status") or Placement.Status.PLANNED,
                start_date=data["start_date"],
                end_date=data["end_date"],
                today=timezone.localdate(),
            )
            services.placement_check_overlap(
                student=data["student"], start_date=data["start_date"], end_date=data["end_date"], exclude_id=exclude_id
            )
            services.assignment_check_capacity(
                assignment=data["assignment"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                exclude_id=exclude_id,
            )
            if not self.instance.pk:  # what placement_create asks beyond the above (no rotation override here)
                services.placement_check_supervisor(supervisor=data.get("supervisor"), assignment=data["assignment"])
                services.placement_check_rotation(student=data["student"], assignment=data["assignment"])
                services.placement_check_documents(
                    student=data["student"], assignment=data["assignment"], start_date=data["start_date"]
                )
            if data.get("supervisor"):
                services.supervisor_check_load(
                    supervisor=data["supervisor"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    exclude_id=exclude_id,
                )
            if data.get("status") == Placement.Status.ACTIVE and self.instance.status != Placement.Status.ACTIVE:
                services.placement_check_documents(
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


class ProjectGroupMemberInline(admin.TabularInline):
    """Members come with the group placement; the leader's pages rename a group and choose its lead."""

    model = ProjectGroupMember
    extra = 0
    fields = ["placement", "is_lead"]
    readonly_fields = ["placement", "is_lead"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProjectGroup)
class ProjectGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "assignment", "presentation_date", "presentation_location"]
    list_filter = ["assignment__programme"]
    search_fields = ["name", "assignment__title"]
    list_select_related = ["assignment"]
    # Read here; the leader's pages change a group through the services (checked and audited).
    readonly_fields = [
        "assignment",
        "name",
        "presentation_date",
        "presentation_start_time",
        "presentation_end_time",
        "presentation_location",
    ]
    inlines = [ProjectGroupMemberInline]

    def has_add_permission(self, request):
        return False  # a group is made with its placements (placements.services.placement_group_create)
