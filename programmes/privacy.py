"""A person's student, supervisor, school supervisor and SBB adviser profile, for the export and erasure
(the profiles stay, emptied; a school supervisor or SBB adviser row holds nothing personal beyond the link)."""

from audit.services import snapshot
from core.hooks import personal_data_erasures, personal_data_exports

from .models import SbbAdviser, SchoolSupervisor, Student, Supervisor


@personal_data_exports.register
def export(user) -> dict:
    data = {}
    student = Student.objects.filter(user=user).select_related("school", "school_supervisor__user").first()
    if student:
        data["student"] = snapshot(student, ["study_programme", "level", "expected_graduation"])
        data["student"]["school"] = student.school.name if student.school else ""
        data["student"]["school_supervisor"] = student.school_supervisor.user.name if student.school_supervisor else ""
        data["student"]["backgrounds"] = student.backgrounds
    supervisor = Supervisor.objects.filter(user=user).first()
    if supervisor:
        data["supervisor"] = {
            "job_title": supervisor.job_title,
            "units": [str(unit) for unit in supervisor.units.select_related("organisation")],
        }
    school_supervisor = SchoolSupervisor.objects.filter(user=user).select_related("school").first()
    if school_supervisor:
        data["school_supervisor"] = {"school": school_supervisor.school.name}
    adviser = SbbAdviser.objects.filter(user=user).first()
    if adviser:
        data["sbb_adviser"] = {"programmes": [p.name for p in adviser.programmes.order_by("name")]}
    return data


@personal_data_erasures.register
def erase(user) -> None:
    Student.objects.filter(user=user).update(
        school=None, school_supervisor=None, study_programme="", level="", expected_graduation=None, backgrounds=[]
    )
    Supervisor.objects.filter(user=user).update(job_title="")
