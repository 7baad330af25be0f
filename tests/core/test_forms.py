"""The empty choice of every select reads "— kies —" (core.forms), never Django's untranslated "---------"."""

import importlib

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.forms import EMPTY_CHOICE, EmptyChoiceMixin, Form
from placements.models import Placement
from programmes.models import Cohort

OWN_APPS = [
    config.name
    for config in apps.get_app_configs()
    if str(config.path).startswith(str(settings.BASE_DIR)) and ".venv" not in config.path
]


def _form_classes():
    for app in OWN_APPS:
        for module in ("forms", "filters"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError:
                continue
    seen, todo = set(), [forms.Form, forms.ModelForm]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.split(".")[0] in OWN_APPS:
                seen.add(cls)
    return seen


def test_every_form_of_the_portal_derives_from_the_portals_base_form():
    """The admin's forms are Django's own; an import's row forms validate rows and are never shown."""
    shown = {cls for cls in _form_classes() if not cls.__module__.endswith((".admin", ".kinds"))}
    assert len(shown) > 30
    assert sorted(cls.__qualname__ for cls in shown if not issubclass(cls, EmptyChoiceMixin)) == []


class _Choices(Form):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none())
    status = forms.TypedChoiceField(choices=[("", "---------"), *Placement.Status.choices], required=False)
    own = forms.ModelChoiceField(queryset=Cohort.objects.none(), empty_label="All cohorts")


def test_the_empty_choice_is_the_portals_and_a_label_of_the_forms_own_is_kept():
    form = _Choices()
    with translation.override("nl"):
        assert str(form.fields["cohort"].empty_label) == "— kies —"
        assert next(iter(form.fields["status"].choices)) == ("", EMPTY_CHOICE)
        assert "— kies —" in str(form["status"])
    assert form.fields["own"].empty_label == "All cohorts"


@pytest.mark.parametrize("url", ["placements:placement_create", "placements:placement_list"])
def test_a_page_offers_kies_as_the_empty_choice(client, world, url):
    client.force_login(world.leader)
    page = client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "— kies —" in page and "---------" not in page
