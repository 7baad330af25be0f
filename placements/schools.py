"""The name of a student's school, read in one place: Student.institution is free text today and is
becoming a school organisation (issue 20); either shape (and a `school` field) reads the same here."""


def student_school_name(student) -> str:
    """The school's name, "" when unknown. An organisation gives its name, free text itself."""
    school = getattr(student, "school", None) or getattr(student, "institution", None)
    if not school:
        return ""
    return str(getattr(school, "name", school))
