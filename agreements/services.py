"""Writes of internship agreements: draw one up from its placement, accept it per party, and once all
parties agreed store the PDF as the student's agreement document (documents.services), the document the
activation gate checks.

Every function raises django.core.exceptions.ValidationError with a message fit for the UI when a rule
is broken, and writes nothing in that case.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log, diff
from documents.models import DocumentRequirement, StudentDocument
from documents.services import student_document_check, student_document_record
from placements.models import Placement

from .access import parties_of
from .models import Agreement, AgreementAcceptance, Party
from .pdf import agreement_pdf
from .terms import agreement_terms


def agreement_requirement(*, placement: Placement) -> DocumentRequirement | None:
    """The programme's agreement requirement that is agreed in the portal and applies at the placement's
    unit (its organisation kind); None when the programme needs no such agreement there."""
    requirements = DocumentRequirement.objects.filter(
        programme_id=placement.assignment.programme_id,
        kind=DocumentRequirement.Kind.AGREEMENT,
        agreed_in_portal=True,
    ).order_by("pk")
    organisation_kind = placement.assignment.unit.organisation.kind
    return next((r for r in requirements if r.applies_to(organisation_kind)), None)


def _expires_on(*, requirement: DocumentRequirement, placement: Placement):
    # An expiry only where the requirement asks for one: the agreement holds for the placement's period.
    return placement.end_date if requirement.validity_days else None


def _requirement_or_error(placement: Placement) -> DocumentRequirement:
    requirement = agreement_requirement(placement=placement)
    if requirement is None:
        raise ValidationError(
            _("This programme draws up no internship agreements in the portal for this unit."), code="not_needed"
        )
    return requirement


@transaction.atomic
def agreement_generate(*, placement: Placement, actor=None) -> Agreement:
    """Draw up the placement's agreement, or a new version of it when the placement's terms changed
    (earlier acceptances then no longer count, and an agreed copy stored before goes back to
    'requested', so the activation gate waits for the new version). Unchanged terms: the agreement as
    it is. Raises ValidationError for a programme without portal agreements, a cancelled placement, or
    a student outside the programme's cohorts (the document could not be stored)."""
    Placement.objects.select_for_update().filter(pk=placement.pk).first()
    if placement.status == Placement.Status.CANCELLED:
        raise ValidationError(_("A cancelled placement gets no agreement."), code="cancelled")
    requirement = _requirement_or_error(placement)
    student_document_check(
        student=placement.student,
        requirement=requirement,
        status=StudentDocument.Status.APPROVED,
        expires_on=_expires_on(requirement=requirement, placement=placement),
    )
    terms = agreement_terms(placement)
    agreement = Agreement.objects.select_for_update().filter(placement=placement).first()
    now = timezone.now()
    if agreement is None:
        agreement = Agreement.objects.create(placement=placement, terms=terms, generated_at=now)
        audit_log(actor=actor, action="agreement.generated", instance=agreement, changes={"version": 1})
        return agreement
    if agreement.terms == terms:
        return agreement
    before = agreement.terms
    agreement.version += 1
    agreement.terms, agreement.generated_at, agreement.completed_at = terms, now, None
    agreement.save(update_fields=["version", "terms", "generated_at", "completed_at"])
    if agreement.document_id is not None:
        student_document_record(
            student=placement.student, requirement=requirement, status=StudentDocument.Status.REQUESTED, actor=actor
        )
    changes = {"version": [agreement.version - 1, agreement.version], **diff(before, terms)}
    audit_log(actor=actor, action="agreement.regenerated", instance=agreement, changes=changes)
    return agreement


@transaction.atomic
def agreement_accept(*, agreement: Agreement, party: str, version: int, user) -> AgreementAcceptance:
    """`user` agrees to version `version` on behalf of `party`; when that makes all parties, the agreed
    PDF is stored as the student's approved agreement document. Audited with time and person.
    Raises ValidationError for a party the person may not act for, a version that is no longer current
    (the placement changed since the page was opened), or a party that agreed already."""
    agreement = Agreement.objects.select_for_update().select_related("placement").get(pk=agreement.pk)
    if version != agreement.version:
        raise ValidationError(
            _("The agreement was drawn up again since you opened it; read the new version first."), code="version"
        )
    if party not in parties_of(user=user, agreement=agreement):
        raise ValidationError(_("You cannot agree on behalf of this party."), code="party")
    if agreement.acceptances.filter(version=version, party=party).exists():
        raise ValidationError(_("This party has agreed already."), code="twice")
    acceptance = AgreementAcceptance.objects.create(
        agreement=agreement, version=version, party=party, accepted_by=user, name=user.name, accepted_at=timezone.now()
    )
    changes = {"party": party, "version": version, "accepted_by": user.name}
    audit_log(actor=user, action="agreement.accepted", instance=agreement, changes=changes)
    acceptances = list(agreement.acceptances.filter(version=version))
    if {a.party for a in acceptances} >= set(Party.values):
        _agreement_complete(agreement=agreement, acceptances=acceptances, actor=user)
    return acceptance


def _agreement_complete(*, agreement: Agreement, acceptances: list[AgreementAcceptance], actor) -> None:
    """Store the agreed PDF as the student's approved agreement document (in the caller's transaction)."""
    placement = agreement.placement
    requirement = _requirement_or_error(placement)
    upload = ContentFile(agreement_pdf(agreement=agreement, acceptances=acceptances), name="agreement.pdf")
    agreement.document = student_document_record(
        student=placement.student,
        requirement=requirement,
        status=StudentDocument.Status.APPROVED,
        expires_on=_expires_on(requirement=requirement, placement=placement),
        upload=upload,
        actor=actor,
    )
    agreement.completed_at = timezone.now()
    agreement.save(update_fields=["document", "completed_at"])
    audit_log(actor=actor, action="agreement.completed", instance=agreement, changes={"version": agreement.version})
