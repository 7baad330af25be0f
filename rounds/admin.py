from django.contrib import admin

from core.admin_widgets import SafeAutocompleteMixin

from .models import Preference


@admin.register(Preference)
class PreferenceAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["student", "rotation_round", "assignment", "rank"]
    list_filter = ["rotation_round"]
    search_fields = ["student__user__name", "assignment__title"]
    list_select_related = ["student__user", "rotation_round__cohort__programme", "assignment"]
    autocomplete_fields = ["student", "rotation_round", "assignment"]
