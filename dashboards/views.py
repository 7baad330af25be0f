"""Each person's home page: the leader's dashboard, the supervisor's students, the student's assignment, the
school supervisor's students and the SBB adviser's programmes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from evaluations.selectors import evaluation_progress_for_programmes, requests_pending_for_respondent
from programmes.access import cohort_get_for_user, programmes_advised_by, student_led_get_for_user
from programmes.roles import require_leader

from . import selectors


@login_required
def home(request):
    """Send each person to the page of their main role: leader, supervisor, school supervisor, SBB adviser,
    then student."""
    roles = request.roles
    if roles.leads:
        return redirect("dashboards:leader_dashboard")
    if roles.is_supervisor:
        return redirect("dashboards:supervisor_students")
    if roles.is_school_supervisor:
        return redirect("dashboards:school_students")
    if roles.is_sbb_adviser:
        return redirect("dashboards:sbb_adviser")
    if roles.is_coordinator:
        return redirect("exchanges:coordination_index")
    if roles.is_professional:
        return redirect("exchanges:slots")
    if roles.is_student:
        return redirect("dashboards:student_assignment")
    return render(request, "dashboards/no_role.html")


@login_required
def student_assignment(request):
    if not request.roles.is_student:
        raise Http404
    today = timezone.localdate()
    overview = selectors.student_overview(student_id=request.roles.student_id, today=today)
    if overview.current:
        selectors.placements_with_hours_and_logbook([overview.current])
    context = {
        "overview": overview,
        "pending": requests_pending_for_respondent(user=request.user),
        "today": today,
    }
    return render(request, "dashboards/student_assignment.html", context)


@login_required
def supervisor_students(request):
    if not request.roles.is_supervisor:
        raise Http404
    today = timezone.localdate()
    overview = selectors.supervisor_overview(supervisor_id=request.roles.supervisor_id, today=today)
    context = {
        "overview": overview,
        "pending": requests_pending_for_respondent(user=request.user),
        "weeks_to_approve": selectors.weeks_to_approve(supervisor_id=request.roles.supervisor_id),
        "logbooks": selectors.placements_with_hours_and_logbook(overview.current),
        "today": today,
    }
    return render(request, "dashboards/supervisor_students.html", context)


@login_required
def leader_dashboard(request):
    require_leader(request)
    today = timezone.localdate()
    dashboard = selectors.leader_dashboard(user=request.user, today=today)
    evaluations = evaluation_progress_for_programmes(programmes=dashboard.programme_ids, today=today)
    context = {"dashboard": dashboard, "evaluations": evaluations, "today": today}
    return render(request, "dashboards/leader_dashboard.html", context)


@login_required
def school_students(request):
    """The school supervisor's students, with their current placement, goals' levels and pending evaluations."""
    if not request.roles.is_school_supervisor:
        raise Http404
    today = timezone.localdate()
    page, rows = selectors.school_overview(user=request.user, today=today, page_number=request.GET.get("page"))
    context = {
        "page": page,
        "rows": rows,
        "pending": requests_pending_for_respondent(user=request.user),
        "today": today,
    }
    return render(request, "dashboards/school_students.html", context)


@login_required
def sbb_adviser(request):
    """The SBB adviser's programmes, each with a link to its training company."""
    if not request.roles.is_sbb_adviser:
        raise Http404
    programmes = programmes_advised_by(request.user).select_related("organisation").order_by("-start_date", "name")
    return render(request, "dashboards/sbb_adviser.html", {"programmes": programmes})


@login_required
def student_detail(request, student_id):
    """A student as their leaders know them: contact, school, cohorts, placements, documents, learning goals,
    evaluations, rankings and the e-mails sent about them. A student of no programme one leads is a 404."""
    require_leader(request)
    student = student_led_get_for_user(user=request.user, pk=student_id)
    profile = selectors.student_profile(user=request.user, student=student, today=timezone.localdate())
    return render(request, "dashboards/student_detail.html", {"profile": profile, "student": student})


@login_required
def cohort_detail(request, cohort_id):
    """A cohort's roster: each member with their current and next placement, a page at a time."""
    require_leader(request)
    cohort = cohort_get_for_user(user=request.user, pk=cohort_id)
    today = timezone.localdate()
    page, rows = selectors.cohort_roster(cohort=cohort, today=today, page_number=request.GET.get("page"))
    rounds = cohort.rotation_rounds.order_by("start_date", "pk")
    return render(
        request, "dashboards/cohort_detail.html", {"cohort": cohort, "page": page, "rows": rows, "rounds": rounds}
    )
