"""A person's student/supervisor profile, placements and preferences, for the export and erasure.

Placements and preferences stay (linked to the anonymised user) so that aggregates survive.
"""

from audit.services import plain_value, snapshot
from programmes.models import Student, Supervisor
from rounds.models import Preference

from .models import Placement


def export(user) -> dict:
    data = {}
    student = Student.objects.filter(user=user).first()
    if student:
        data["student"] = snapshot(student, ["institution", "study_programme", "level", "expected_graduation"])
        data["student"]["backgrounds"] = student.backgrounds
        data["placements"] = [
            {
                "assignment": p.assignment.title,
                "unit": str(p.assignment.unit),
                "start_date": plain_value(p.start_date),
                "end_date": plain_value(p.end_date),
                "status": p.status,
                "supervisor": str(p.supervisor) if p.supervisor else "",
                "learning_goals": [goal.description for goal in p.learning_goals.all()],
            }
            for p in Placement.objects.filter(student=student)
            .select_related("assignment__unit", "supervisor__user")
            .prefetch_related("learning_goals")
        ]
        data["preferences"] = [
            {"round": str(p.rotation_round), "assignment": p.assignment.title, "rank": p.rank}
            for p in Preference.objects.filter(student=student).select_related("rotation_round", "assignment")
        ]
    supervisor = Supervisor.objects.filter(user=user).first()
    if supervisor:
        data["supervisor"] = {
            "job_title": supervisor.job_title,
            "units": [str(unit) for unit in supervisor.units.all()],
        }
    return data


def erase(user) -> None:
    Student.objects.filter(user=user).update(
        institution="", study_programme="", level="", expected_graduation=None, backgrounds=[]
    )
    Supervisor.objects.filter(user=user).update(job_title="")
    Placement.objects.filter(student__user=user).update(notes="")
