"""Agreements in the personal-data export (the person's own agreements, and the acceptances they gave
for any party) and their erasure: the student's agreements go (the stored copy goes with the documents
app's erasure); acceptances the person gave elsewhere keep that a party agreed, without their name."""

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import Agreement, AgreementAcceptance


@personal_data_exports.register
def export(user) -> dict:
    agreements = (
        Agreement.objects.filter(placement__student__user=user)
        .select_related("placement__assignment")
        .prefetch_related("acceptances")
    )
    given = AgreementAcceptance.objects.filter(accepted_by=user).select_related("agreement__placement__assignment")
    data = {}
    if agreements:
        data["agreements"] = [
            {
                "assignment": a.placement.assignment.title,
                "version": a.version,
                "terms": a.terms,
                "generated_at": plain_value(a.generated_at),
                "completed_at": plain_value(a.completed_at),
                "acceptances": [
                    {"version": x.version, "party": x.party, "name": x.name, "accepted_at": plain_value(x.accepted_at)}
                    for x in a.acceptances.all()
                ],
            }
            for a in agreements
        ]
    if given:
        data["agreement_acceptances"] = [
            {
                "assignment": x.agreement.placement.assignment.title,
                "version": x.version,
                "party": x.party,
                "accepted_at": plain_value(x.accepted_at),
            }
            for x in given
        ]
    return data


@personal_data_erasures.register
def erase(user) -> None:
    Agreement.objects.filter(placement__student__user=user).delete()
    AgreementAcceptance.objects.filter(accepted_by=user).update(name="")
