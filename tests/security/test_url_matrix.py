"""Every URL, visited by every role against someone else's objects, answers 403 or 404.

The URL list comes from the resolver, so a new URL without a line in tests/security/url_matrix.py
makes test_every_url_is_in_the_matrix fail. allauth's own pages, i18n, static and the admin are left
out here (allauth and Django test those); the admin has its own test below.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .url_matrix import MATRIX

EXCLUDED_MODULES = ("allauth.", "django.views.i18n", "django.views.static", "django.contrib.staticfiles")


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "") or ""
            if module.startswith(EXCLUDED_MODULES):
                continue
            if pattern.name is None:
                yield f"{namespace}<unnamed {pattern.pattern}>"
                continue
            yield f"{namespace}{pattern.name}"


def portal_url_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def test_every_url_is_in_the_matrix():
    missing = sorted(portal_url_names() - MATRIX.keys())
    assert not missing, (
        f"URLs without an access-matrix entry: {missing}. Add one line each to tests/security/url_matrix.py "
        "saying how to build kwargs for someone else's object and which roles must be refused."
    )


def test_the_matrix_has_no_stale_entries():
    stale = sorted(MATRIX.keys() - portal_url_names())
    assert not stale, f"tests/security/url_matrix.py names URLs that no longer exist: {stale}"


DENIAL_CELLS = [(name, role) for name, case in sorted(MATRIX.items()) for role in case.deny]


def _visit(client, case, world, name):
    path = reverse(name, kwargs=case.kwargs(world))
    response = getattr(client, case.method)(path)
    response.close()  # a FileResponse (document download) holds its file open until closed
    return response


@pytest.mark.parametrize(("url_name", "role"), DENIAL_CELLS)
def test_role_is_refused_someone_elses_object(client, world, today, url_name, role):
    case = MATRIX[url_name]
    client.force_login(getattr(world, role))
    response = _visit(client, case, world, url_name)
    assert response.status_code in (403, 404), f"{role} got {response.status_code} on {url_name}"


@pytest.mark.parametrize("url_name", sorted(name for name, case in MATRIX.items() if case.secret))
def test_a_wrong_secret_is_not_found(client, world, today, url_name):
    case = MATRIX[url_name]
    response = getattr(client, case.method)(reverse(url_name, kwargs=case.wrong_kwargs))
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", sorted(name for name, case in MATRIX.items() if not case.secret))
def test_anonymous_visitor_is_sent_to_login(client, world, today, url_name):
    response = _visit(client, MATRIX[url_name], world, url_name)
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_owner_opens_it(client, world, today, url_name):
    """The control: the kwargs point at a real object that its owner can open (else a 404 proves nothing)."""
    case = MATRIX[url_name]
    client.force_login(getattr(world, case.owner))
    response = _visit(client, case, world, url_name)
    assert response.status_code in (200, 302), f"{case.owner} got {response.status_code} on {url_name}"


def _admin_paths(world):
    yield reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        if model_admin.has_add_permission is not None:
            yield reverse("admin:{}_{}_add".format(*info))
        instance = model._default_manager.first()
        if instance is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[instance.pk])


@pytest.mark.parametrize("role", ["leader", "supervisor", "student", "other_leader"])
def test_admin_is_closed_to_non_staff(client, world, role):
    client.force_login(getattr(world, role))
    paths = list(_admin_paths(world))
    assert len(paths) > 20
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response.url, path


def test_staff_without_permissions_is_refused_every_model(client, world):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    for path in list(_admin_paths(world))[1:]:
        assert client.get(path).status_code == 403, path
