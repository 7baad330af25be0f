"""What each action code means, in words: the registry the audit trail is read through (audit.describe).

A code is `<object kind>.<verb>`. A code listed in ACTIONS has a sentence of its own; any other is read by
its verb (VERBS, a passive sentence led by the object's kind: "Placement “…” created by …"), and a verb
that is not known either by GENERIC, so a page never shows a raw code. The sentences take %(actor)s (who
acted, or "the system") and %(object)s (the object as it was named when the entry was written).
"""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    # placements
    "placement.created": _("%(actor)s created the placement %(object)s"),
    "placement.updated": _("%(actor)s changed the placement %(object)s"),
    "placement.checked": _("%(actor)s checked the placement %(object)s"),
    "placement.active": _("%(actor)s started the placement %(object)s"),
    "placement.completed": _("%(actor)s completed the placement %(object)s"),
    "placement.cancelled": _("%(actor)s cancelled the placement %(object)s"),
    "placement.planned": _("%(actor)s set the placement %(object)s back to planned"),
    "placement.ended_early": _("%(actor)s ended the placement %(object)s early"),
    "placement.extended": _("%(actor)s extended the placement %(object)s"),
    "placement.rotation_rule_overridden": _(
        "%(actor)s placed %(object)s on a unit already done in the programme, overriding the rotation rule"
    ),
    "learning_goal.added": _("%(actor)s added a learning goal to %(object)s"),
    "learning_goal.copied": _("%(actor)s copied the standard learning goals to %(object)s"),
    "learning_goal.changed": _("%(actor)s changed a learning goal of %(object)s"),
    "learning_goal.removed": _("%(actor)s removed a learning goal from %(object)s"),
    "assignment.created": _("%(actor)s created the assignment %(object)s"),
    "project_group.created": _("%(actor)s formed the project group %(object)s"),
    "project_group.updated": _("%(actor)s changed the project group %(object)s"),
    "project_group.presentation_scheduled": _("%(actor)s scheduled the presentation of %(object)s"),
    "activity.created": _("%(actor)s planned the activity %(object)s"),
    "activity.attendance_registered": _("%(actor)s registered the attendance of %(object)s"),
    # rotation rounds
    "rotation_round.created": _("%(actor)s created the rotation round %(object)s"),
    "rotation_round.updated": _("%(actor)s changed the rotation round %(object)s"),
    "rotation_round.deleted": _("%(actor)s deleted the rotation round %(object)s"),
    "rotation_round.preferences_open": _("%(actor)s opened the preferences of %(object)s"),
    "rotation_round.match_run": _("%(actor)s ran the matching of %(object)s"),
    "rotation_round.matched": _("%(actor)s stored the proposal of %(object)s"),
    "rotation_round.published": _("%(actor)s published %(object)s"),
    "rotation_round.running": _("%(actor)s started %(object)s"),
    "rotation_round.closed": _("%(actor)s closed %(object)s"),
    "rotation_round.draft": _("%(actor)s put %(object)s back to draft"),
    "rotation_round.proposal_moved": _("%(actor)s moved a student in the proposal of %(object)s"),
    "rotation_round.placements_created": _("%(actor)s created the placements of %(object)s"),
    # evaluations
    "evaluation_request.created": _("%(actor)s asked for the evaluation %(object)s"),
    "evaluation_request.updated": _("%(actor)s changed the evaluation request %(object)s"),
    "evaluation_request.reopened": _("%(actor)s reopened the evaluation %(object)s"),
    "evaluation_request.expired": _("The evaluation %(object)s expired"),
    "evaluation_response.created": _("%(actor)s started the evaluation %(object)s"),
    "evaluation_response.submitted": _("%(actor)s submitted the evaluation %(object)s"),
    "evaluation_moment.created": _("%(actor)s added the evaluation moment %(object)s"),
    "evaluation_moment.updated": _("%(actor)s changed the evaluation moment %(object)s"),
    "evaluation_moment.deleted": _("%(actor)s deleted the evaluation moment %(object)s"),
    "questionnaire.created": _("%(actor)s created the questionnaire %(object)s"),
    "questionnaire.updated": _("%(actor)s changed the questionnaire %(object)s"),
    "questionnaire.versioned": _("%(actor)s made a new version of the questionnaire %(object)s"),
    "cohort_report.updated": _("%(actor)s changed the cohort report %(object)s"),
    # agreements, hours, logbook
    "agreement.generated": _("%(actor)s drew up the agreement %(object)s"),
    "agreement.regenerated": _("%(actor)s drew up the agreement %(object)s again"),
    "agreement.accepted": _("%(actor)s accepted the agreement %(object)s"),
    "agreement.completed": _("The agreement %(object)s was accepted by everyone"),
    "hours_week.submitted": _("%(actor)s submitted the hours of %(object)s"),
    "hours_week.approved": _("%(actor)s approved the hours of %(object)s"),
    "hours_week.returned": _("%(actor)s returned the hours of %(object)s"),
    "hours_week.draft": _("%(actor)s saved the hours of %(object)s"),
    "logbook_entry.created": _("%(actor)s wrote the logbook entry %(object)s"),
    "logbook_entry.deleted": _("%(actor)s deleted the logbook entry %(object)s"),
    "logbook_comment.added": _("%(actor)s commented on the logbook entry %(object)s"),
    # people and programmes
    "user.invited": _("%(actor)s invited %(object)s"),
    "user.calendar_token_renewed": _("%(actor)s renewed the calendar link of %(object)s"),
    "person.erased": _("%(actor)s erased the personal data of %(object)s"),
    "person.anonymised": _("The personal data of %(object)s were anonymised after the retention period"),
    "student.created": _("%(actor)s added the student %(object)s"),
    "student.school_changed": _("%(actor)s changed the school of %(object)s"),
    "student_document.created": _("%(actor)s recorded the document %(object)s"),
    "leader_grant.granted": _("%(actor)s made %(object)s project leader"),
    "leader_grant.revoked": _("%(actor)s withdrew the project leadership %(object)s"),
    "student_role.granted": _("%(actor)s made %(object)s a student"),
    "supervisor_role.granted": _("%(actor)s made %(object)s a supervisor"),
    "school_supervisor_role.granted": _("%(actor)s made %(object)s a school supervisor"),
    "sbb_adviser_role.granted": _("%(actor)s made %(object)s an SBB adviser"),
    "coordinator_grant.granted": _("%(actor)s made %(object)s a coordinator"),
    "programme_school.added": _("%(actor)s added the school %(object)s to the programme"),
    "programme_school.removed": _("%(actor)s removed the school %(object)s from the programme"),
    "programme.goal_scale_changed": _("%(actor)s changed the goal scale of %(object)s"),
    "programme.required_hours_set": _("%(actor)s set the required hours of %(object)s"),
    "programme_goal.created": _("%(actor)s added the standard learning goal %(object)s"),
    "programme_goal.updated": _("%(actor)s changed the standard learning goal %(object)s"),
    "programme_goal.deleted": _("%(actor)s deleted the standard learning goal %(object)s"),
    "unit.created": _("%(actor)s created the unit %(object)s"),
    # imports and exchanges
    "import.queued": _("%(actor)s uploaded the import %(object)s"),
    "import.uploaded": _("%(actor)s uploaded the import %(object)s"),
    "import.mapped": _("%(actor)s chose the columns of the import %(object)s"),
    "import.checked": _("The import %(object)s was checked"),
    "import.applied": _("%(actor)s applied the import %(object)s"),
    "exchange_slot.published": _("%(actor)s published the exchange day %(object)s"),
    "exchange_slot.updated": _("%(actor)s changed the exchange day %(object)s"),
    "exchange_slot.withdrawn": _("%(actor)s withdrew the exchange day %(object)s"),
    "exchange_request.pending": _("%(actor)s asked to join %(object)s"),
    "exchange_request.accepted": _("%(actor)s accepted the request %(object)s"),
    "exchange_request.declined": _("%(actor)s declined the request %(object)s"),
    "exchange_request.withdrawn": _("%(actor)s withdrew the request %(object)s"),
    "exchange_participant.added": _("%(actor)s added the exchange participant %(object)s"),
    "professional.created": _("%(actor)s added the professional %(object)s"),
}

# Any other code by its verb: %(kind)s is the object's kind (its model's verbose name, capitalised).
VERBS = {
    "created": _("%(kind)s “%(object)s” created by %(actor)s"),
    "updated": _("%(kind)s “%(object)s” changed by %(actor)s"),
    "changed": _("%(kind)s “%(object)s” changed by %(actor)s"),
    "deleted": _("%(kind)s “%(object)s” deleted by %(actor)s"),
    "added": _("%(kind)s “%(object)s” added by %(actor)s"),
    "removed": _("%(kind)s “%(object)s” removed by %(actor)s"),
    "granted": _("%(kind)s “%(object)s” granted by %(actor)s"),
    "revoked": _("%(kind)s “%(object)s” withdrawn by %(actor)s"),
    "cancelled": _("%(kind)s “%(object)s” cancelled by %(actor)s"),
    "completed": _("%(kind)s “%(object)s” completed by %(actor)s"),
    "submitted": _("%(kind)s “%(object)s” submitted by %(actor)s"),
    "approved": _("%(kind)s “%(object)s” approved by %(actor)s"),
    "published": _("%(kind)s “%(object)s” published by %(actor)s"),
}
GENERIC = _("%(kind)s “%(object)s” changed by %(actor)s")

# Codes whose changes are [before, after] pairs of the object's own fields: each change becomes a sentence.
FIELD_CHANGE_VERBS = frozenset({"updated", "changed"})

# Inline rows an admin form saved with its object (audit.admin): "<model name>.<what happened>".
ROW_CHANGES = {
    "added": _("%(kind)s added"),
    "changed": _("%(kind)s changed"),
    "deleted": _("%(kind)s deleted"),
}

# Changes whose value is a list of items, never a [before, after] pair.
LIST_VALUES = frozenset({"learning_goals", "members"})

# What a change is called where its key is not a field of the logged model.
CHANGE_LABELS = {
    "learning_goal": _("learning goal"),
    "learning_goals": _("learning goals"),
    "members": _("members"),
    "lead": _("lead"),
    "participants": _("participants"),
    "placements": _("placements"),
    "told": _("people told"),
    "due": _("due date"),
    "message": _("message"),
    "number": _("version"),
    "student": _("student"),
}
