
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The models moved from placements to programmes and rounds keep their tables: only the state changes."""


    initial = True

    dependencies = [
        ('placements', '0004_programme_evaluation_days_before_end'),
        ('programmes', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='MatchProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='rank achieved')),
                ('cost', models.IntegerField(default=0, verbose_name='cost')),
                ('reason', models.CharField(blank=True, max_length=500, verbose_name='reason')),
                ('moved', models.BooleanField(default=False, verbose_name='moved by the leader')),
                ('assignment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='match_proposals', to='placements.assignment')),
                ('rotation_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='programmes.rotationround')),
                ('student', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='match_proposals', to='programmes.student')),
            ],
            options={
                'verbose_name': 'match proposal',
                'verbose_name_plural': 'match proposals',
                'db_table': 'placements_matchproposal',
                'ordering': ['rotation_round', 'student'],
                'constraints': [models.UniqueConstraint(fields=('rotation_round', 'student'), name='proposal_unique_student')],
            },
        ),
        migrations.CreateModel(
            name='Preference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank', models.PositiveSmallIntegerField(verbose_name='rank')),
                ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='preferences', to='placements.assignment')),
                ('rotation_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='preferences', to='programmes.rotationround')),
                ('student', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='preferences', to='programmes.student')),
            ],
            options={
                'verbose_name': 'preference',
                'verbose_name_plural': 'preferences',
                'db_table': 'placements_preference',
                'ordering': ['rotation_round', 'student', 'rank'],
                'constraints': [models.UniqueConstraint(fields=('student', 'rotation_round', 'rank'), name='preference_unique_rank'), models.UniqueConstraint(fields=('student', 'rotation_round', 'assignment'), name='preference_unique_assignment'), models.CheckConstraint(condition=models.Q(('rank__gte', 1)), name='preference_rank_positive')],
            },
        ),
            ],
        ),
    ]
