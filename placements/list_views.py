"""The leader's placements list with filters, and its export (CSV or XLSX) of exactly what is filtered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.roles import require_leader

from . import exports
from .filters import placement_filter

PAGE_SIZE = 25


@login_required
def placement_list(request):
    require_leader(request)
    filterset, queryset = placement_filter(user=request.user, data=request.GET, request=request)
    rows = queryset.select_related(
        "student__user",
        "assignment__programme",
        "assignment__unit__organisation",
        "supervisor__user",
        "rotation_round__cohort",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "placements/placement_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@login_required
def placement_export(request):
    require_leader(request)
    kind = request.GET.get("format", "csv")
    filterset, queryset = placement_filter(user=request.user, data=request.GET, request=request)
    if kind not in ("csv", "xlsx") or (filterset.is_bound and not filterset.is_valid()):
        messages.error(request, _("The export could not be made: check the filters and the format."))
        return redirect("placements:placement_list")
    stamp = timezone.localdate().strftime("%Y%m%d")
    if kind == "xlsx":
        return FileResponse(
            exports.xlsx_file(queryset),
            as_attachment=True,
            filename=f"placements-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response = StreamingHttpResponse(exports.csv_lines(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="placements-{stamp}.csv"'
    return response
