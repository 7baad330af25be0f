"""The admin action that erases a person on request, behind a confirmation page, on the users' admin.

accounts registers the users' admin; this app, which builds on every other, adds its action to it (the
documented way to extend a registered ModelAdmin: unregister it and register a subclass).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.admin import UserAdmin
from accounts.models import User

from . import services


@admin.action(description=gettext_lazy("Erase personal data (on request)"), permissions=["change"])
def erase_people(modeladmin, request, queryset):
    if request.POST.get("confirm") != "yes":
        return TemplateResponse(
            request,
            "admin/privacy/erase_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Erase personal data?"),
                "people": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            },
        )
    for user in queryset:
        services.person_erase(user=user, actor=request.user)
    count = len(queryset)
    text = ngettext("%(count)d person erased.", "%(count)d people erased.", count) % {"count": count}
    modeladmin.message_user(request, text, messages.SUCCESS)
    return None


class ErasingUserAdmin(UserAdmin):
    actions = [*UserAdmin.actions, erase_people]


admin.site.unregister(User)
admin.site.register(User, ErasingUserAdmin)
