import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from . import services


@login_required
def privacy_overview(request):
    return render(request, "privacy/overview.html")


@login_required
def export_json(request):
    data = services.personal_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False, "default": str})
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    return response


@login_required
def export_csv(request):
    data = json.loads(json.dumps(services.personal_data_export(user=request.user), default=str))
    response = HttpResponse(services.personal_data_csv(data=data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="personal-data.csv"'
    return response
