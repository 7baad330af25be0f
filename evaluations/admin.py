from django.contrib import admin

from audit.admin import AuditedAdminMixin

from .models import (
    Answer,
    CohortReport,
    EvaluationRequest,
    GoalAssessment,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["name", "audience", "programme_kind", "is_active"]
    list_filter = ["audience", "programme_kind", "is_active"]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "number", "created_at"]
    inlines = [QuestionInline]


@admin.register(EvaluationRequest)
class EvaluationRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_name = "evaluation_request"
    list_display = ["placement", "audience", "respondent", "state", "due_date", "reminder_count"]
    list_filter = ["state", "audience"]
    list_select_related = ["placement__student__user", "placement__assignment", "respondent"]
    raw_id_fields = ["placement", "respondent", "version"]
    readonly_fields = ["token"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Response)
class ResponseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_name = "evaluation_response"
    list_display = ["request", "is_final", "updated_at"]
    raw_id_fields = ["request"]
    inlines = [AnswerInline]


admin.site.register(GoalAssessment)
admin.site.register(CohortReport)
