"""The demo accounts to log in with, one per role, and their one password (printed by demo_info)."""

DEMO_PASSWORD = "demo-portaal-2026"  # noqa: S105 (printed for the demo logins)
DEMO_LOGINS = {
    "admin": "beheerder@example.nl",
    "leader": "projectleider@example.nl",
    "supervisor": "begeleider@example.nl",
    "student": "student@example.nl",
    "enforcement_leader": "stagecoordinator@example.nl",
    "school_supervisor": "docent.roc@example.nl",
    "school_supervisor_helicon": "docent.helicon@example.nl",
    "sbb_adviser": "adviseur.sbb@example.nl",
    "coordinator": "wisselstage@example.nl",
}
ROLE_LABELS = {
    "leader": "project leader (Den Haag pilot, Wisselstage!)",
    "enforcement_leader": "project leader (Nijmegen internships)",
    "supervisor": "workplace supervisor (DRIO); Wisselstage! host and visitor",
    "student": "student (work-student pilot)",
    "school_supervisor": "school supervisor (ROC Nijmegen)",
    "school_supervisor_helicon": "school supervisor (Helicon MBO Nijmegen)",
    "sbb_adviser": "SBB adviser (Nijmegen internships)",
    "coordinator": "exchange coordinator of Veilig Thuis Rotterdam-Rijnmond (Wisselstage!)",
    "admin": "administrator (/admin/)",
}
