"""Production serves static files from the manifest collectstatic writes: every reference must resolve."""

import io

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_writes_the_manifest_with_the_production_storage(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    assert (tmp_path / "staticfiles.json").is_file()
    assert any(tmp_path.glob("vendor/chartjs/chart.umd.min.*.js"))
