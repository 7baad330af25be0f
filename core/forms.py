"""What every app's views do with a form and a service: the service's refusal shown on the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def form_save(form, write) -> object | None:
    """Call the service with the form's data; its refusal becomes the form's errors, each at its field where
    the form has one (and None is returned)."""
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc)
        for field, errors in getattr(exc, "error_dict", {}).items():
            form.add_error(field if field in form.fields else None, errors)
        return None


def form_page(request, form, *, write, done, next_url, template: str, context: dict | None = None):
    """A create or edit page: on a valid POST the service is called (form_save); when it succeeds the page
    says done(obj) and redirects to next_url(obj), else (a GET, or a refusal) the form is shown again."""
    if request.method == "POST" and form.is_valid() and (obj := form_save(form, write)) is not None:
        messages.success(request, done(obj))
        return redirect(next_url(obj))
    return render(request, template, {"form": form, **(context or {})})
