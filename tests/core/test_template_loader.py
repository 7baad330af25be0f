"""The localising loader renders what Django's cached loader renders, in every language and URLconf, with
the constant translations and URLs compiled into text and every tag that reads the context left alone."""

import pytest
from django.template import Context, Engine
from django.template.defaulttags import URLNode
from django.templatetags.i18n import TranslateNode
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse, set_urlconf
from django.utils import translation

from core.template_loader import LocalisedText

TEMPLATES = {
    "base.html": (
        '{% load i18n %}<a href="{% url "placements:student_assignment" %}">{% translate "My assignment" %}</a>'
        "{% block content %}{% endblock %}"
    ),
    "page.html": (
        '{% extends "base.html" %}{% load i18n %}{% block content %}'
        '<h1>{% translate "Programmes and cohorts" %}</h1>'
        "{% autoescape off %}[{% translate 'Programmes and cohorts' %}]{% endautoescape %}"
        "{% if show %}{% translate 'Dashboard' %}{% elif other %}{% translate 'Placements' %}{% else %}-{% endif %}"
        "{% for name in names %}<li>{{ name }} {% translate 'Unit' %}</li>{% empty %}{% translate 'Unit' %}{% endfor %}"
        '{% url "placements:placement_detail" public_id %}|{% translate message %}|'
        '{% translate "Dashboard" as label %}({{ label }})|{% url "placements:leader_dashboard" as there %}{{ there }}|'
        '{% include "part.html" %}{% endblock %}'
    ),
    "part.html": '{% load i18n %}<em>{% translate "Log out" %}</em>',
    "other_language.html": (
        '{% load i18n %}{% translate "Log out" %}/{% language "en" %}{% translate "Log out" %}{% endlanguage %}'
    ),
    "broken.html": '{% load i18n %}{% translate "Log out" %}{% url "no-such-view" %}',
}
CONTEXT = {
    "show": False,
    "other": True,
    "names": ["<b>", "x"],
    "public_id": "3f1c0a4e-8a56-4d4b-9a0e-2c7f3f5d7e11",
    "message": "Dashboard",
}


def _engine(loader="core.template_loader.Loader", templates=TEMPLATES):
    return Engine(
        loaders=[(loader, [("django.template.loaders.locmem.Loader", templates)])],
        libraries={"i18n": "django.templatetags.i18n"},
    )


@pytest.fixture
def engines():
    return _engine(), _engine("django.template.loaders.cached.Loader")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_renders_what_the_cached_loader_renders(engines, language):
    localised, stock = engines
    with translation.override(language):
        ours = localised.get_template("page.html").render(Context(CONTEXT))
        assert ours == stock.get_template("page.html").render(Context(CONTEXT))
        unescaped = localised.get_template("page.html").render(Context(CONTEXT, autoescape=False))
        assert unescaped == stock.get_template("page.html").render(Context(CONTEXT, autoescape=False))
    if language == "nl":
        assert "<h1>Programma's en lichtingen</h1>[Programma's en lichtingen]" in ours  # translations are safe
        assert "Plaatsingen" in ours and "&lt;b&gt;" in ours and "Uitloggen" in ours
        assert "(Dashboard)" in ours and reverse("placements:leader_dashboard") in ours
    else:
        assert "<h1>Programmes and cohorts</h1>[Programmes and cohorts]" in ours and "Log out" in ours


def _nodes(nodelist):
    for node in nodelist:
        yield node
        for attr in node.child_nodelists:
            yield from _nodes(getattr(node, attr, None) or [])


def test_constant_tags_become_text_and_context_reading_tags_stay(engines):
    localised, stock = engines
    with translation.override("nl"):
        template = localised.get_template("page.html")
        stock_template = stock.get_template("page.html")
    ours, theirs = list(_nodes(template.nodelist)), list(_nodes(stock_template.nodelist))
    # Left alone: {% translate message %}, {% translate ... as label %}, {% url ... public_id %}, {% url ... as %}.
    assert sum(isinstance(n, TranslateNode) for n in ours) == 2
    assert sum(isinstance(n, URLNode) for n in ours) == 2
    assert sum(isinstance(n, TranslateNode) for n in theirs) == 8
    assert len(ours) <= len(theirs) - 6  # runs of text joined: fewer nodes to render


def test_each_language_has_its_own_compiled_template(engines):
    localised, _ = engines
    with translation.override("nl"):
        dutch = localised.get_template("part.html")
    with translation.override("en"):
        english = localised.get_template("part.html")
        assert english.render(Context()) == "<em>Log out</em>"
    with translation.override("nl"):
        assert localised.get_template("part.html") is dutch
        assert dutch.render(Context()) == "<em>Uitloggen</em>"


def test_language_blocks_keep_their_own_language(engines):
    localised, _ = engines
    with translation.override("nl"):
        assert localised.get_template("other_language.html").render(Context()) == "Uitloggen/Log out"


def test_a_url_that_cannot_be_reversed_fails_when_rendered_not_when_loaded(engines):
    localised, _ = engines
    with translation.override("nl"):
        template = localised.get_template("broken.html")
        with pytest.raises(NoReverseMatch):
            template.render(Context())


def _view(request, **kwargs):
    raise AssertionError("never called")


urlpatterns = [
    path("elsewhere/", include(([path("student/", _view, name="student_assignment")], "placements"))),
    path("elsewhere/", include(([path("find/<str:q>/", _view, name="find")], "places"))),
]


def test_urls_follow_the_urlconf_in_force():
    engine = _engine(templates={"x.html": '{% url "placements:student_assignment" %}'})
    assert engine.get_template("x.html").render(Context()) == reverse("placements:student_assignment")
    set_urlconf(__name__)  # as a request's own urlconf (request.urlconf) would
    try:
        assert engine.get_template("x.html").render(Context()) == "/elsewhere/student/"
    finally:
        set_urlconf(None)
    assert engine.get_template("x.html").render(Context()) == reverse("placements:student_assignment")
    with override_settings(ROOT_URLCONF=__name__):
        assert engine.get_template("x.html").render(Context()) == "/elsewhere/student/"


def test_text_that_escaping_changes_keeps_both_forms():
    engine = _engine(templates={"x.html": '<a href="{% url "places:find" "a&b" %}">'})
    with override_settings(ROOT_URLCONF=__name__):
        template = engine.get_template("x.html")
        assert [type(node) for node in template.nodelist] == [LocalisedText]
        assert template.render(Context()) == '<a href="/elsewhere/find/a&amp;b/">'
        assert template.render(Context(autoescape=False)) == '<a href="/elsewhere/find/a&b/">'


def test_the_portal_renders_pages_through_it(client, world):
    from django.template import engines as django_engines

    loader = django_engines["django"].engine.template_loaders[0]
    assert type(loader).__module__ == "core.template_loader"
    client.force_login(world.student)
    with translation.override("en"):
        page = client.get(reverse("placements:student_assignment"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("placements:student_assignment")}"' in page
