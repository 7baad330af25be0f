"""A person's student and supervisor profile, for the export and erasure (the profiles stay, emptied)."""

from audit.services import snapshot
from core.hooks import personal_data_erasures, personal_data_exports

from .models import Student, Supervisor


@personal_data_exports.register
def export(user) -> dict:
    data = {}
    student = Student.objects.filter(user=user).first()
    if student:
        data["student"] = snapshot(student, ["institution", "study_programme", "level", "expected_graduation"])
        data["student"]["backgrounds"] = student.backgrounds
    supervisor = Supervisor.objects.filter(user=user).first()
    if supervisor:
        data["supervisor"] = {
            "job_title": supervisor.job_title,
            "units": [str(unit) for unit in supervisor.units.select_related("organisation")],
        }
    return data


@personal_data_erasures.register
def erase(user) -> None:
    Student.objects.filter(user=user).update(
        institution="", study_programme="", level="", expected_graduation=None, backgrounds=[]
    )
    Supervisor.objects.filter(user=user).update(job_title="")
