"""Raw SQL a migration runs on one database vendor only (exclusion constraints, triggers), as one RunPython
operation: the statements of the connection's vendor forwards, their undo backwards, nothing elsewhere."""

from django.db import migrations


def vendor_sql(*, forwards: dict[str, list[str]], backwards: dict[str, list[str]]) -> migrations.RunPython:
    """`forwards`/`backwards`: vendor ("postgresql", "sqlite") -> statements to execute in order."""

    def run(statements):
        def apply(apps, schema_editor):
            for statement in statements.get(schema_editor.connection.vendor, []):
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forwards), run(backwards), elidable=False)
