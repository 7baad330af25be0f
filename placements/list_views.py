"""The leader's placements list with filters, and its export (CSV or XLSX) of exactly what is filtered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.roles import require_leader

from . import exports
from .filters import ORDER, placement_filter
from .models import Placement

PAGE_SIZE = 25


# What a row shows besides the placement itself.
ROW_RELATED = (
    "student__user",
    "assignment__programme",
    "assignment__unit__organisation",
    "supervisor__user",
    "rotation_round__cohort",
)


class PageRows:
    """The paginator's object list: the filtered placements, read in two queries for a page.

    First the ids of the page with the total beside each: a narrow query of the placement, its scope and
    the student's name it is ordered by, so the scope narrows before anything is joined, and the total a
    scalar subquery the database runs once (not COUNT(*) OVER (), which reads every row in scope before
    the LIMIT: 0.35 s for an administrator's 100,000 active placements, 0.06 s this way). Then the page's
    rows with what they show, by those ids: eleven tables joined for 25 rows, not for every placement in
    scope. Only a page number past the end costs a third query (the count, to find the last page).
    """

    def __init__(self, queryset: QuerySet[Placement], *, number, per_page: int):
        self.queryset = queryset
        total = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        self.ids = queryset.annotate(total=Subquery(total.values("n"))).values_list("pk", "total")
        try:
            self.start = max(int(number) - 1, 0) * per_page
        except (TypeError, ValueError):
            self.start = 0
        self.per_page = per_page
        self.read = (None, [])  # (start, ids) of the page read with the total

    def count(self) -> int:
        page = list(self.ids[self.start : self.start + self.per_page])
        self.read = (self.start, [pk for pk, _total in page])
        if page:
            return page[0][1]
        return self.queryset.count() if self.start else 0

    def __getitem__(self, key: slice) -> list[Placement]:
        start, ids = self.read  # count() ran first: the paginator checks the page number against it
        if start != key.start:  # get_page() fell back to the last page (a number past the end, or below 1)
            ids = [pk for pk, _total in self.ids[key]]
        ids = ids[: key.stop - key.start]
        if not ids:
            return []
        return list(Placement.objects.filter(pk__in=ids).select_related(*ROW_RELATED).order_by(*ORDER))


@login_required
def placement_list(request):
    require_leader(request)
    filterset, queryset = placement_filter(user=request.user, data=request.GET, request=request)
    number = request.GET.get("page")
    page = Paginator(PageRows(queryset, number=number, per_page=PAGE_SIZE), PAGE_SIZE).get_page(number)
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
