from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin_widgets import SafeAutocompleteMixin

from . import services
from .models import DocumentRequirement, StudentDocument


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "kind", "validity_days", "agreed_in_portal"]
    list_filter = ["kind", "agreed_in_portal", "programme"]
    search_fields = ["name", "programme__name"]
    list_select_related = ["programme"]


class StudentDocumentAdminForm(forms.ModelForm):
    """Status changes and uploads go through the service: checked, audited, random file name."""

    class Meta:
        model = StudentDocument
        fields = ["student", "requirement", "status", "expires_on", "file"]

    def clean(self):
        data = super().clean()
        upload = self.files.get("file")
        if upload is not None:
            try:
                services.document_file_check(upload=upload)
            except ValidationError as exc:
                self.add_error("file", exc)
        if all(data.get(name) for name in ("student", "requirement", "status")):
            try:
                services.student_document_check(
                    student=data["student"],
                    requirement=data["requirement"],
                    status=data["status"],
                    expires_on=data.get("expires_on"),
                )
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return data


@admin.register(StudentDocument)
class StudentDocumentAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    form = StudentDocumentAdminForm
    list_display = ["student", "requirement", "status", "expires_on", "updated_at"]
    list_filter = ["status", "requirement__programme", "requirement__kind"]
    search_fields = ["student__user__name", "student__user__email", "requirement__name"]
    list_select_related = ["student__user", "requirement__programme"]
    autocomplete_fields = ["student"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.student_document_record(
            student=data["student"],
            requirement=data["requirement"],
            status=data["status"],
            expires_on=data.get("expires_on"),
            upload=form.files.get("file"),
            actor=request.user,
        )
        obj.pk = saved.pk
