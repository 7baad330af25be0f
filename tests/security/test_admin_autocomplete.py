"""Bad ids in admin autocomplete fields and oversized formsets give the form's message, not a server error.

Django's autocomplete widget looked the posted value up to re-render it, so "abc" in the student field of
the add-placement page was a 500 (found by tests/security/test_fuzz_forms.py). Every admin with
autocomplete fields is checked, so a new one without SafeAutocompleteMixin fails here.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.admin_widgets import SafeAutocompleteMixin

BAD_IDS = ["abc", " ", "0.0", "1e9", "9" * 40, "\x00", "-1"]


def _admins_with_autocomplete():
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        if model_admin.autocomplete_fields or any(inline.autocomplete_fields for inline in inlines):
            yield pytest.param(model, model_admin, inlines, id=model._meta.label)


@pytest.mark.parametrize(("model", "model_admin", "inlines"), list(_admins_with_autocomplete()))
def test_every_admin_with_autocomplete_fields_uses_the_safe_widgets(model, model_admin, inlines):
    for each in [model_admin, *inlines]:
        if each.autocomplete_fields:
            assert isinstance(each, SafeAutocompleteMixin), f"{type(each).__name__} needs SafeAutocompleteMixin"


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_admin_add_placement_with_a_non_numeric_student_shows_the_form_again(client, world, bad_id):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:placements_placement_add"),
        {
            "student": bad_id,
            "assignment": bad_id,
            "rotation_round": bad_id,
            "supervisor": bad_id,
            "start_date": "2026-09-01",
            "end_date": "2026-12-31",
            "status": "planned",
            "learning_goals-TOTAL_FORMS": "0",
            "learning_goals-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "student" in response.context["adminform"].form.errors


@pytest.mark.parametrize(("model", "model_admin", "inlines"), list(_admins_with_autocomplete()))
def test_admin_add_pages_survive_non_numeric_autocomplete_ids(client, rf, world, model, model_admin, inlines):
    client.force_login(world.admin)
    request = rf.get("/")
    request.user = world.admin
    data = dict.fromkeys(model_admin.autocomplete_fields, "abc")
    for inline in inlines:
        prefix = inline.get_formset(request).get_default_prefix()
        data |= {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"}
        data |= {f"{prefix}-0-{name}": "0.0" for name in inline.autocomplete_fields}
    opts = model._meta
    response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), data)
    assert response.status_code == 200


def test_a_questionnaire_post_claiming_a_million_questions_is_refused_without_building_them(client, world):
    from evaluations.forms import MAX_QUESTIONS

    client.force_login(world.leader)
    data = {"name": "Evaluatie", "audience": "student", "programme": world.programme.pk}
    data |= {"questions-TOTAL_FORMS": "1000000", "questions-INITIAL_FORMS": "0"}
    response = client.post(reverse("evaluations:questionnaire_new"), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == MAX_QUESTIONS
    assert f"Please submit at most {MAX_QUESTIONS} forms." in response.content.decode()
