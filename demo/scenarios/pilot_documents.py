"""Documents of the Den Haag pilot: a VOG/screening and a placement agreement for police units.

Every pilot student has both approved, except one whose VOG expires soon and one who still misses the
agreement, so the leader's overview and the expiry warning have something to show.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from documents.models import DocumentRequirement, StudentDocument
from documents.services import student_document_record
from organisations.models import Organisation
from programmes.models import Student

from .context import DemoContext

POLICE = [Organisation.Kind.POLICE_UNIT, Organisation.Kind.NATIONAL_UNIT, Organisation.Kind.STAFF_DIRECTORATE]


def build(ctx: DemoContext) -> None:
    programme = ctx.programmes["pilot"]
    leader = ctx.users["leader"]
    vog = DocumentRequirement.objects.create(
        programme=programme,
        kind=DocumentRequirement.Kind.SCREENING,
        name="VOG / veiligheidsonderzoek",
        organisation_kinds=POLICE,
        validity_days=3 * 365,
    )
    agreement = DocumentRequirement.objects.create(
        programme=programme,
        kind=DocumentRequirement.Kind.AGREEMENT,
        name="Stageovereenkomst",
        organisation_kinds=POLICE,
    )
    students = list(Student.objects.filter(cohorts__programme=programme).distinct().order_by("pk"))
    approved = StudentDocument.Status.APPROVED
    for index, student in enumerate(students):
        expires = ctx.today + (timedelta(days=20) if index == 1 else relativedelta(years=2))
        student_document_record(student=student, requirement=vog, status=approved, expires_on=expires, actor=leader)
        if index != len(students) - 1:
            student_document_record(student=student, requirement=agreement, status=approved, actor=leader)
