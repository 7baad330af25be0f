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
    list_display = ["name", "audience", "programme", "organisation", "is_active"]
    list_filter = ["audience", "is_active", "programme", "organisation"]
    search_fields = ["name"]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "number", "created_at"]
    list_filter = ["questionnaire__audience"]
    search_fields = ["questionnaire__name"]
    inlines = [QuestionInline]


@admin.register(EvaluationRequest)
class EvaluationRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_name = "evaluation_request"
    list_display = ["placement", "audience", "respondent", "state", "due_date", "reminder_count"]
    list_filter = ["state", "audience", "placement__assignment__programme"]
    search_fields = ["respondent__name", "respondent__email", "placement__student__user__name"]
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
    list_filter = ["is_final"]
    search_fields = ["request__respondent__name", "request__placement__student__user__name"]
    raw_id_fields = ["request"]
    inlines = [AnswerInline]


@admin.register(GoalAssessment)
class GoalAssessmentAdmin(admin.ModelAdmin):
    list_display = ["learning_goal", "level_label", "scale", "response"]
    list_filter = ["scale", "response__request__audience"]
    search_fields = ["learning_goal__description"]
    raw_id_fields = ["response", "learning_goal"]


@admin.register(CohortReport)
class CohortReportAdmin(admin.ModelAdmin):
    list_display = ["cohort", "updated_at"]
    list_filter = ["cohort__programme"]
    search_fields = ["cohort__name", "cohort__programme__name"]
