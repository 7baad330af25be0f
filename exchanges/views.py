from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts.roles import roles_of

from . import selectors


@login_required
def exchange_matrix(request):
    roles = roles_of(request.user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    return render(request, "exchanges/matrix.html", {"rows": selectors.exchange_matrix(user=request.user)})
