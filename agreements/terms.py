"""What an agreement says, read from the placement: the terms an Agreement keeps and its PDF shows.

Fields other apps may add are read defensively so that either order of merging works: the required
hours (hours app: the placement's or its programme's `required_hours`), the student's school (a school
organisation or free text, placements.schools) and the school supervisor (school roles).
"""

from placements.models import Placement
from placements.schools import student_school_name


def _required_hours(placement: Placement):
    hours = getattr(placement, "required_hours", None)
    if hours is None:
        hours = getattr(placement.assignment.programme, "required_hours", None)
    return None if hours is None else str(hours)


def _school_supervisor(placement: Placement) -> str:
    person = getattr(placement, "school_supervisor", None) or getattr(placement.student, "school_supervisor", None)
    if person is None:
        return ""
    user = getattr(person, "user", person)
    return str(getattr(user, "name", user))


def agreement_terms(placement: Placement) -> dict:
    """The terms as plain JSON values (equal terms: nothing changed since the agreement was drawn up)."""
    student, assignment = placement.student, placement.assignment
    unit = assignment.unit
    return {
        "student": student.user.name,
        "student_email": student.user.email,
        "school": student_school_name(student),
        "study_programme": student.study_programme,
        "level": student.get_level_display() if student.level else "",
        "programme": assignment.programme.name,
        "training_company": unit.organisation.name,
        "unit": unit.name,
        "address": unit.address,
        "assignment": assignment.title,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "required_hours": _required_hours(placement),
        "workplace_supervisor": placement.supervisor.user.name if placement.supervisor else "",
        "school_supervisor": _school_supervisor(placement),
    }
