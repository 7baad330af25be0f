from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.responses import private
from placements.access import placement_get_for_user

from . import selectors, services
from .access import logbook_can_comment, logbook_can_write, logbook_entry_get_for_user
from .forms import LogbookCommentForm, LogbookEntryForm


@login_required
def placement_logbook(request, public_id):
    """The placement's observations for everyone who may see it; its student adds them."""
    placement = placement_get_for_user(user=request.user, public_id=public_id)
    can_write = logbook_can_write(user=request.user, placement=placement)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    form = None
    if can_write:
        initial = {"date": min(timezone.localdate(), placement.end_date)}
        form = LogbookEntryForm(request.POST or None, request.FILES or None, initial=initial)
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.logbook_entry_create(
                placement=placement,
                day=data["date"],
                place=data["place"],
                text=data["text"],
                photo=data["photo"] or None,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your observation is added to the logbook."))
            return redirect("logbook:placement_logbook", public_id=placement.public_id)
    context = {
        "placement": placement,
        "entries": selectors.logbook_entries_of_placement(placement_id=placement.pk),
        "form": form,
        "can_comment": logbook_can_comment(user=request.user, placement=placement),
        "can_write": can_write,
    }
    return render(request, "logbook/placement_logbook.html", context)


@login_required
@require_POST
def entry_comment(request, public_id):
    entry = logbook_entry_get_for_user(user=request.user, public_id=public_id)
    if not logbook_can_comment(user=request.user, placement=entry.placement):
        raise PermissionDenied
    form = LogbookCommentForm(request.POST)
    if form.is_valid():
        try:
            services.logbook_comment_add(entry=entry, text=form.cleaned_data["text"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your comment is added."))
    else:
        messages.error(request, _("Write a comment of at most 5,000 characters."))
    return redirect(f"{_logbook_url(entry)}#entry-{entry.public_id}")


@login_required
@require_POST
def entry_delete(request, public_id):
    entry = logbook_entry_get_for_user(user=request.user, public_id=public_id)
    if not logbook_can_write(user=request.user, placement=entry.placement):
        raise PermissionDenied
    services.logbook_entry_delete(entry=entry, actor=request.user)
    messages.success(request, _("The observation is removed from the logbook."))
    return redirect(_logbook_url(entry))


@login_required
def entry_photo(request, public_id):
    """The photo, to whoever may see the entry; never served from the media root."""
    entry = logbook_entry_get_for_user(user=request.user, public_id=public_id)
    if not entry.photo:
        raise Http404
    response = FileResponse(entry.photo.open("rb"), content_type=entry.photo_content_type or "application/octet-stream")
    return private(response)


def _logbook_url(entry) -> str:
    return reverse("logbook:placement_logbook", args=[entry.placement.public_id])
