"""The demo accounts to log in with, one per role, and their one password (printed by demo_info)."""

DEMO_PASSWORD = "demo-portaal-2026"  # noqa: S105 (printed for the demo logins)
# Where two-factor sign-in is required (MFA_REQUIRED_FOR_LEADERS, on outside DEBUG) the demo's leaders and
# administrator get an authenticator with this secret: add it to an authenticator app (demo_info prints it),
# and the production smoke (.ci/production-smoke) computes its codes. A demo, never real people's data.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPDEMOPORTAALZEVEN"  # noqa: S105 (base32; printed by demo_info)
DEMO_TOTP_ROLES = ("admin", "leader", "enforcement_leader")
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
