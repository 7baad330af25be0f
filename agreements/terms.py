"""What an agreement says, read from the placement: the terms an Agreement keeps and its PDF shows."""

from placements.models import Placement


def agreement_terms(placement: Placement) -> dict:
    """The terms as plain JSON values (equal terms: nothing changed since the agreement was drawn up)."""
    student, assignment = placement.student, placement.assignment
    unit = assignment.unit
    return {
        "student": student.user.name,
        "student_email": student.user.email,
        "school": student.school_name,
        "study_programme": student.study_programme,
        "level": student.get_level_display() if student.level else "",
        "programme": assignment.programme.name,
        "training_company": unit.organisation.name,
        "unit": unit.name,
        "address": unit.address,
        "assignment": assignment.title,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "required_hours": None
        if assignment.programme.required_hours is None
        else str(assignment.programme.required_hours),
        "workplace_supervisor": placement.supervisor.user.name if placement.supervisor else "",
        "school_supervisor": student.school_supervisor.user.name if student.school_supervisor_id else "",
    }
