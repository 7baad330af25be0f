"""Demo documents for the Den Haag pilot: a VOG/screening and a placement agreement for police units.

Every pilot student has both approved, except one whose VOG expires soon and one who still misses the
agreement, so the leader's overview and the expiry warning have something to show.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from organisations.models import Organisation
from programmes.models import Student

from .models import DocumentRequirement, StudentDocument


def extend(ctx) -> None:
    programme = ctx.programmes.get("pilot")
    if programme is None:
        return
    police = [Organisation.Kind.POLICE_UNIT, Organisation.Kind.NATIONAL_UNIT, Organisation.Kind.STAFF_DIRECTORATE]
    vog = DocumentRequirement.objects.create(
        programme=programme,
        kind=DocumentRequirement.Kind.SCREENING,
        name="VOG / veiligheidsonderzoek",
        organisation_kinds=police,
        validity_days=3 * 365,
    )
    agreement = DocumentRequirement.objects.create(
        programme=programme,
        kind=DocumentRequirement.Kind.AGREEMENT,
        name="Stageovereenkomst",
        organisation_kinds=police,
    )
    students = list(Student.objects.filter(cohorts__programme=programme).distinct().order_by("pk"))
    documents = []
    for index, student in enumerate(students):
        expires = ctx.today + (timedelta(days=20) if index == 1 else relativedelta(years=2))
        documents.append(
            StudentDocument(
                student=student, requirement=vog, status=StudentDocument.Status.APPROVED, expires_on=expires
            )
        )
        if index != len(students) - 1:
            documents.append(
                StudentDocument(student=student, requirement=agreement, status=StudentDocument.Status.APPROVED)
            )
    StudentDocument.objects.bulk_create(documents)
