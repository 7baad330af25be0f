"""What every app's views do with a form and a service: the service's refusal shown on the form."""

from django.core.exceptions import ValidationError


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
