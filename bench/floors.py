"""The floor of each heavy read: one hand-written SQL statement returning the numbers the page shows.

Each statement reads what its page shows for one leader (the programmes they lead, through the leader
grants) with plain joins, using only the indexes the project's migrations define (no index is added for
the bench), and runs on PostgreSQL and SQLite alike (UNION ALL of one row shape per section). The bench
times it beside the page's own SQL: a page whose queries take more than FLOOR_TARGET times its floor
reads more, or worse, than its numbers need.

- placements list (?status=active): the first page (25 rows, every column the list shows, in the list's
  order) and the number of matching placements;
- dashboard: occupancy per unit (active placements today, capacity of the active assignments), the
  coming rounds (10), the current placements ending within 92 days without a later placement, the open
  and the overdue evaluations and the oldest 10 overdue;
- evaluation results: response rates per cohort, unit and respondent; per question the answers, the
  Likert average and the count per value or option (choice options counted from the stored lists where
  the page splits them in Python: the SQL groups by the stored list, as the page's does); the newest 50
  free texts per question; learning goals assessed and achieved.
"""

from datetime import date, timedelta

FLOOR_TARGET = 3.0


def _tables():
    from evaluations.models import Answer, EvaluationRequest, GoalAssessment, Question, QuestionnaireVersion, Response
    from organisations.models import Organisation, Unit
    from placements.models import Assignment, Placement
    from programmes.models import Cohort, Programme, ProgrammeLeader, RotationRound, Student, Supervisor

    models = {
        "placement": Placement,
        "assignment": Assignment,
        "leader": ProgrammeLeader,
        "programme": Programme,
        "student": Student,
        "supervisor": Supervisor,
        "cohort": Cohort,
        "round": RotationRound,
        "unit": Unit,
        "organisation": Organisation,
        "request": EvaluationRequest,
        "response": Response,
        "answer": Answer,
        "question": Question,
        "version": QuestionnaireVersion,
        "goal": GoalAssessment,
    }
    from accounts.models import User

    models["user"] = User
    models["cohort_students"] = Cohort.students.through
    return {name: model._meta.db_table for name, model in models.items()}


def placement_list(*, user_id: int) -> tuple[str, list]:
    t = _tables()
    sql = f"""
        SELECT p.public_id, u.name, u.email, pr.name, o.name, un.name, a.title, su.name, c.name,
               p.start_date, p.end_date, p.status, COUNT(*) OVER () AS total
        FROM {t["placement"]} p
        JOIN {t["assignment"]} a ON a.id = p.assignment_id
        JOIN {t["leader"]} pl ON pl.programme_id = a.programme_id AND pl.user_id = %s
        JOIN {t["programme"]} pr ON pr.id = a.programme_id
        JOIN {t["student"]} s ON s.id = p.student_id
        JOIN {t["user"]} u ON u.id = s.user_id
        JOIN {t["unit"]} un ON un.id = a.unit_id
        JOIN {t["organisation"]} o ON o.id = un.organisation_id
        LEFT JOIN {t["supervisor"]} sv ON sv.id = p.supervisor_id
        LEFT JOIN {t["user"]} su ON su.id = sv.user_id
        LEFT JOIN {t["round"]} r ON r.id = p.rotation_round_id
        LEFT JOIN {t["cohort"]} c ON c.id = r.cohort_id
        WHERE p.status = 'active'
        ORDER BY p.start_date DESC, u.name, p.id
        LIMIT 25
    """
    return sql, [user_id]


def dashboard(*, user_id: int, today: date) -> tuple[str, list]:
    """Rows (section, key, a, b, day, text)."""
    from placements.selectors import CATCH_UP_DAYS

    t = _tables()
    horizon = today + timedelta(days=92)
    sql = f"""
        WITH led AS (SELECT programme_id FROM {t["leader"]} WHERE user_id = %s),
        behind AS (  -- read twice, so computed once: the leader's placements behind their dates
            SELECT p.id, p.start_date, p.student_id, p.assignment_id
            FROM {t["placement"]} p
            JOIN {t["assignment"]} a ON a.id = p.assignment_id
            WHERE a.programme_id IN (SELECT programme_id FROM led)
              AND ((p.status = 'planned' AND p.start_date < %s) OR (p.status = 'active' AND p.end_date < %s))
        )
        SELECT 'occupancy' AS section, un.id AS k, COUNT(p.id) AS a,
               (SELECT SUM(a2.capacity) FROM {t["assignment"]} a2
                WHERE a2.unit_id = un.id AND a2.is_active AND a2.programme_id IN (SELECT programme_id FROM led)) AS b,
               CAST(NULL AS DATE) AS day, MIN(un.name) || ' / ' || MIN(o.name) AS text
        FROM {t["placement"]} p
        JOIN {t["assignment"]} a ON a.id = p.assignment_id
        JOIN {t["unit"]} un ON un.id = a.unit_id
        JOIN {t["organisation"]} o ON o.id = un.organisation_id
        WHERE a.programme_id IN (SELECT programme_id FROM led) AND p.status <> 'cancelled'
          AND p.start_date <= %s AND p.end_date >= %s
        GROUP BY un.id
        UNION ALL
        SELECT * FROM (
            SELECT 'round', r.id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), r.start_date, r.name || ' / ' || pr.name
            FROM {t["round"]} r
            JOIN {t["cohort"]} c ON c.id = r.cohort_id
            JOIN {t["programme"]} pr ON pr.id = c.programme_id
            WHERE c.programme_id IN (SELECT programme_id FROM led) AND r.start_date >= %s AND r.state <> 'closed'
            ORDER BY r.start_date, r.id LIMIT 10
        ) rounds
        UNION ALL
        SELECT 'without_next', p.id, NULL, NULL, p.end_date, u.name || ' / ' || a.title
        FROM {t["placement"]} p
        JOIN {t["assignment"]} a ON a.id = p.assignment_id
        JOIN {t["student"]} s ON s.id = p.student_id
        JOIN {t["user"]} u ON u.id = s.user_id
        WHERE a.programme_id IN (SELECT programme_id FROM led) AND p.status <> 'cancelled'
          AND p.start_date <= %s AND p.end_date >= %s AND p.end_date <= %s
          AND EXISTS (SELECT 1 FROM {t["cohort_students"]} cs JOIN {t["cohort"]} c ON c.id = cs.cohort_id
                      WHERE cs.student_id = p.student_id AND c.programme_id IN (SELECT programme_id FROM led))
          AND NOT EXISTS (SELECT 1 FROM {t["placement"]} n WHERE n.student_id = p.student_id
                          AND n.status <> 'cancelled' AND n.start_date > p.end_date)
        UNION ALL
        SELECT 'evaluations', NULL,
               SUM(CASE WHEN er.state = 'pending' AND er.due_date >= %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN er.due_date < %s AND er.state <> 'submitted' THEN 1 ELSE 0 END), NULL, NULL
        FROM {t["request"]} er
        JOIN {t["placement"]} p ON p.id = er.placement_id
        JOIN {t["assignment"]} a ON a.id = p.assignment_id
        WHERE a.programme_id IN (SELECT programme_id FROM led)
        UNION ALL
        SELECT * FROM (
            SELECT 'overdue', er.id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), er.due_date,
                   ru.name || ' / ' || u.name || ' / ' || a.title
            FROM {t["request"]} er
            JOIN {t["placement"]} p ON p.id = er.placement_id
            JOIN {t["assignment"]} a ON a.id = p.assignment_id
            JOIN {t["student"]} s ON s.id = p.student_id
            JOIN {t["user"]} u ON u.id = s.user_id
            JOIN {t["user"]} ru ON ru.id = er.respondent_id
            WHERE a.programme_id IN (SELECT programme_id FROM led) AND er.due_date < %s AND er.state <> 'submitted'
            ORDER BY er.due_date, er.id LIMIT 10
        ) overdue
        UNION ALL
        SELECT * FROM (
            SELECT 'behind', b.id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), b.start_date, u.name || ' / ' || a.title
            FROM behind b
            JOIN {t["assignment"]} a ON a.id = b.assignment_id
            JOIN {t["student"]} s ON s.id = b.student_id
            JOIN {t["user"]} u ON u.id = s.user_id
            ORDER BY b.start_date, b.id LIMIT 10
        ) behind_rows
        UNION ALL
        SELECT 'behind_count', NULL, COUNT(*), NULL, NULL, NULL FROM behind
    """
    late = today - timedelta(days=CATCH_UP_DAYS)
    return sql, [user_id, today, late, today, today, today, today, today, horizon, today, today, today]


def evaluation_results(*, programme_id: int, text_limit: int = 50) -> tuple[str, list]:
    """Rows (section, key, a, b, c, text)."""
    from programmes.goal_scales import LEVELS

    t = _tables()
    requests = f"""
        SELECT er.id, er.audience, er.state, er.version_id, p.rotation_round_id, a.unit_id
        FROM {t["request"]} er
        JOIN {t["placement"]} p ON p.id = er.placement_id
        JOIN {t["assignment"]} a ON a.id = p.assignment_id
        WHERE a.programme_id = %s
    """
    final = f"""
        SELECT an.question_id, an.value, an.choices, an.text, an.id
        FROM {t["answer"]} an
        JOIN {t["response"]} rs ON rs.id = an.response_id AND rs.is_final
        JOIN req ON req.id = rs.request_id
    """
    # A supervisor's level counts as achieved from its scale's passing level (programmes.goal_scales).
    passed = " OR ".join(
        f"(g.scale = '{scale.value}' AND g.level >= {levels.passed_from})" for scale, levels in LEVELS.items()
    )
    sql = f"""
        WITH req AS ({requests}), fin AS ({final})
        SELECT 'rate' AS section, CAST(NULL AS BIGINT) AS k, COUNT(*) AS a,
               SUM(CASE WHEN req.state = 'submitted' THEN 1 ELSE 0 END) AS b,
               SUM(CASE WHEN req.state = 'expired' THEN 1 ELSE 0 END) AS c,
               MIN(c.name) || ' / ' || MIN(un.name) || ' / ' || req.audience AS text
        FROM req
        LEFT JOIN {t["round"]} r ON r.id = req.rotation_round_id
        LEFT JOIN {t["cohort"]} c ON c.id = r.cohort_id
        JOIN {t["unit"]} un ON un.id = req.unit_id
        GROUP BY c.id, un.id, req.audience
        UNION ALL
        SELECT 'question', q.id, COUNT(fin.id), AVG(fin.value), NULL, MIN(q.text)
        FROM {t["question"]} q LEFT JOIN fin ON fin.question_id = q.id
        WHERE q.version_id IN (SELECT DISTINCT version_id FROM req)
          AND NOT (q.kind = 'text' AND fin.text = '')
        GROUP BY q.id
        UNION ALL
        SELECT 'count', fin.question_id, COUNT(*), fin.value, NULL, CAST(fin.choices AS TEXT)
        FROM fin JOIN {t["question"]} q ON q.id = fin.question_id
        WHERE q.kind IN ('likert', 'single', 'multiple')
        GROUP BY fin.question_id, fin.value, CAST(fin.choices AS TEXT)
        UNION ALL
        SELECT 'text', question_id, id, NULL, NULL, text FROM (
            SELECT fin.question_id, fin.id, fin.text,
                   ROW_NUMBER() OVER (PARTITION BY fin.question_id ORDER BY fin.id DESC) AS n
            FROM fin JOIN {t["question"]} q ON q.id = fin.question_id
            WHERE q.kind = 'text' AND fin.text <> ''
        ) texts WHERE n <= %s
        UNION ALL
        SELECT 'goals', NULL, COUNT(g.id), SUM(CASE WHEN {passed} THEN 1 ELSE 0 END), NULL, NULL
        FROM {t["goal"]} g
        JOIN {t["response"]} rs ON rs.id = g.response_id AND rs.is_final
        JOIN req ON req.id = rs.request_id AND req.audience = 'supervisor'
    """
    return sql, [programme_id, text_limit]
