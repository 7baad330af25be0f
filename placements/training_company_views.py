"""The programme's training company (erkend leerbedrijf) as the SBB adviser sees it: the organisation, the
units offering assignments, the workplace supervisors' names and the placements counted per unit and
period. Its leaders see it too; anyone else gets a 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from programmes.access import training_company_programme_get_for_user

from . import selectors


@login_required
def training_company(request, programme_pk):
    programme = training_company_programme_get_for_user(user=request.user, pk=programme_pk)
    units = selectors.training_company(programme_id=programme.pk)
    context = {"programme": programme, "units": units, "total": sum(unit.placement_count for unit in units)}
    return render(request, "placements/training_company.html", context)
