"""Document fixtures: the Den Haag rule (screening and agreement for police units) on the world's programme."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import DocumentRequirement, StudentDocument
from organisations.models import Organisation

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="vog.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def requirement(programme, kind, name, kinds=(Organisation.Kind.POLICE_UNIT,), validity_days=None):
    return DocumentRequirement.objects.create(
        programme=programme, kind=kind, name=name, organisation_kinds=list(kinds), validity_days=validity_days
    )


def approve(student, req, expires_on=date(2027, 12, 31)):
    return StudentDocument.objects.create(
        student=student, requirement=req, status=StudentDocument.Status.APPROVED, expires_on=expires_on
    )


@pytest.fixture
def rules(world):
    """The world's programme requires a VOG (expiring) and a placement agreement at police units."""
    vog = requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG", validity_days=365)
    agreement = requirement(world.programme, DocumentRequirement.Kind.AGREEMENT, "Stageovereenkomst")
    return vog, agreement
