"""Writes of programmes and their people: inviting students and supervisors, creating students in bulk.

Every function raises django.core.exceptions.ValidationError with a message fit for the UI when a rule is
broken, and writes nothing in that case.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from accounts.models import User
from accounts.services import invitation_url_path, users_create
from audit.services import audit_log_many, snapshot
from core.limits import LOOKUP_BATCH
from notifications.services import Draft, notifications_queue

from .models import Cohort, Student, Supervisor


def invitations_send(*, users_where: list[tuple[User, str]], actor, role: str) -> int:
    """E-mail each (user, where they are invited to) their set-password link, once per person (the message's
    key is the user), and audit it; in bulk, inside the transaction that created the people (after commit
    the e-mails go out). Returns how many invitations were queued."""
    drafts, entries = [], []
    for user, where in users_where:
        context = {"path": invitation_url_path(user=user), "inviter": actor.name, "role": role, "where": where}
        drafts.append(Draft("invitation", f"user:{user.pk}", user.pk, "once", "invitation", context))
        entries.append((user.pk, {"email": user.email, "role": role, "where": where}, str(user)))
    queued = notifications_queue(drafts=drafts)
    audit_log_many(actor=actor, action="user.invited", model=User, entries=entries)
    return queued


@transaction.atomic
def invitation_create(
    *, actor, name: str, email: str, role: str, cohort=None, unit=None, institution: str = "", level: str = ""
) -> User:
    """Create the person (no usable password), their role row and a verified address, and e-mail an invitation.

    Raises ValidationError when the address belongs to someone already. Everything or nothing is written.
    """
    (user,) = users_create(people=[(name, email)], language=getattr(actor, "language", "nl") or "nl")
    if role == "student":
        profile = Student.objects.create(user=user, institution=institution, level=level)
        cohort.students.add(profile)
        where = str(cohort)
    else:
        profile = Supervisor.objects.create(user=user)
        profile.units.add(unit)
        where = str(unit)
    invitations_send(users_where=[(user, where)], actor=actor, role=role)
    return user


@dataclass(frozen=True)
class NewStudent:
    """One person to create with a student profile (see students_create)."""

    name: str
    email: str
    cohort: Cohort | None = None
    institution: str = ""
    study_programme: str = ""
    level: str = ""
    expected_graduation: date | None = None


def students_create(*, students: list[NewStudent], actor=None) -> list[Student]:
    """Create people with a student profile (no usable password: they set one from an invitation), each
    added to their cohort and audited, in a fixed number of statements per 2,000 people: an import of a
    national cohort takes seconds, not ten queries per person.

    The accounts come from accounts.services.users_create; raises its ValidationError, writing nothing,
    when an address is given twice or belongs to someone already.
    """
    with transaction.atomic():
        users = users_create(people=[(new.name, new.email) for new in students])
        profiles = Student.objects.bulk_create(
            [
                Student(
                    user=user,
                    institution=new.institution,
                    study_programme=new.study_programme,
                    level=new.level,
                    expected_graduation=new.expected_graduation,
                )
                for new, user in zip(students, users, strict=True)
            ],
            batch_size=LOOKUP_BATCH,
        )
        Cohort.students.through.objects.bulk_create(
            [
                Cohort.students.through(cohort_id=new.cohort.pk, student_id=profile.pk)
                for new, profile in zip(students, profiles, strict=True)
                if new.cohort is not None
            ],
            batch_size=LOOKUP_BATCH,
        )
        audit_log_many(
            actor=actor,
            action="student.created",
            model=Student,
            entries=[(profile.pk, snapshot(profile), str(profile)) for profile in profiles],
        )
    return profiles
