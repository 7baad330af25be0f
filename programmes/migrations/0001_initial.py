
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The models moved from placements to programmes and rounds keep their tables: only the state changes."""


    initial = True

    dependencies = [
        ('placements', '0004_programme_evaluation_days_before_end'),
        ('organisations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('kind', models.CharField(choices=[('work_student', 'Work-student pilot'), ('block_internship', 'Block internship'), ('project_internship', 'Project internship'), ('exchange', 'Exchange')], max_length=30, verbose_name='kind')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('start_date', models.DateField(verbose_name='start date')),
                ('end_date', models.DateField(verbose_name='end date')),
                ('rotation_length', models.PositiveSmallIntegerField(default=6, verbose_name='rotation length')),
                ('rotation_length_unit', models.CharField(choices=[('days', 'days'), ('weeks', 'weeks'), ('months', 'months')], default='months', max_length=10, verbose_name='rotation length unit')),
                ('funding', models.CharField(blank=True, max_length=200, verbose_name='funding')),
                ('leader_reminder_weeks', models.CharField(default='6,2', help_text='Comma-separated numbers of weeks, e.g. 6,2.', max_length=50, verbose_name='leader reminders (weeks before a round)')),
                ('participant_reminder_weeks', models.PositiveSmallIntegerField(default=2, verbose_name='student and supervisor reminder (weeks before start or end)')),
                ('evaluation_due_days', models.PositiveSmallIntegerField(default=21, verbose_name='days to complete an evaluation')),
                ('evaluation_days_before_end', models.PositiveSmallIntegerField(default=0, help_text="0 sends them on the placement's last day.", verbose_name='send evaluations this many days before a placement ends')),
                ('students_see_supervisor_evaluation', models.BooleanField(default=False, verbose_name="students see their supervisor's evaluation")),
                ('retention_months', models.PositiveSmallIntegerField(default=24, verbose_name='months to keep personal data after the programme ends')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='programmes', to='organisations.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'programme',
                'verbose_name_plural': 'programmes',
                'db_table': 'placements_programme',
                'ordering': ['-start_date', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Cohort',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('start_date', models.DateField(verbose_name='start date')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cohorts', to='programmes.programme')),
            ],
            options={
                'verbose_name': 'cohort',
                'verbose_name_plural': 'cohorts',
                'db_table': 'placements_cohort',
                'ordering': ['programme__name', 'start_date'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeLeader',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='leader_grants', to='programmes.programme')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='leader_grants', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'project leader',
                'verbose_name_plural': 'project leaders',
                'db_table': 'placements_programmeleader',
            },
        ),
        migrations.AddField(
            model_name='programme',
            name='leaders',
            field=models.ManyToManyField(related_name='led_programmes', through='programmes.ProgrammeLeader', to=settings.AUTH_USER_MODEL, verbose_name='project leaders'),
        ),
        migrations.CreateModel(
            name='RotationRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('start_date', models.DateField(verbose_name='start date')),
                ('end_date', models.DateField(verbose_name='end date')),
                ('preferences_deadline', models.DateField(blank=True, null=True, verbose_name='preferences deadline')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('preferences_open', 'Preferences open'), ('matched', 'Matched'), ('published', 'Published'), ('running', 'Running'), ('closed', 'Closed')], default='draft', max_length=20, verbose_name='state')),
                ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rotation_rounds', to='programmes.cohort')),
            ],
            options={
                'verbose_name': 'rotation round',
                'verbose_name_plural': 'rotation rounds',
                'db_table': 'placements_rotationround',
                'ordering': ['start_date'],
            },
        ),
        migrations.CreateModel(
            name='Student',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('institution', models.CharField(blank=True, max_length=200, verbose_name='institution')),
                ('study_programme', models.CharField(blank=True, max_length=200, verbose_name='study programme')),
                ('level', models.CharField(blank=True, choices=[('mbo3', 'MBO level 3'), ('mbo4', 'MBO level 4'), ('hbo', 'HBO'), ('wo', 'WO (university)')], max_length=10, verbose_name='level')),
                ('expected_graduation', models.DateField(blank=True, null=True, verbose_name='expected graduation')),
                ('backgrounds', models.JSONField(blank=True, default=list, help_text='For example: data, law, psychology.', verbose_name='background tags')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='student', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'student',
                'verbose_name_plural': 'students',
                'db_table': 'placements_student',
                'ordering': ['user__name'],
            },
        ),
        migrations.AddField(
            model_name='cohort',
            name='students',
            field=models.ManyToManyField(blank=True, related_name='cohorts', to='programmes.student', verbose_name='students'),
        ),
        migrations.CreateModel(
            name='Supervisor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('job_title', models.CharField(blank=True, max_length=200, verbose_name='job title')),
                ('max_students', models.PositiveSmallIntegerField(default=3, verbose_name='maximum students at once')),
                ('units', models.ManyToManyField(blank=True, related_name='supervisors', to='organisations.unit', verbose_name='units')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='supervisor', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'supervisor',
                'verbose_name_plural': 'supervisors',
                'db_table': 'placements_supervisor',
                'ordering': ['user__name'],
            },
        ),
        migrations.AddConstraint(
            model_name='programmeleader',
            constraint=models.UniqueConstraint(fields=('programme', 'user'), name='leader_once_per_programme'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__gte', models.F('start_date'))), name='programme_end_after_start'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('rotation_length__gte', 1)), name='programme_rotation_length_positive'),
        ),
        migrations.AddConstraint(
            model_name='rotationround',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__gt', models.F('start_date'))), name='round_end_after_start'),
        ),
        migrations.AddConstraint(
            model_name='rotationround',
            constraint=models.UniqueConstraint(fields=('cohort', 'name'), name='round_unique_name_per_cohort'),
        ),
        migrations.AddConstraint(
            model_name='cohort',
            constraint=models.UniqueConstraint(fields=('programme', 'name'), name='cohort_unique_name'),
        ),
            ],
        ),
    ]
