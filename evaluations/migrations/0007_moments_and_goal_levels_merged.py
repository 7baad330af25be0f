"""The evaluation moments (0004-0006) and the goal levels (0004_goal_levels_on_a_scale) were built side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_goal_levels_on_a_scale"),
        ("evaluations", "0006_moment_required_owner_checked"),
    ]

    operations = []
