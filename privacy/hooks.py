"""Apps contribute to the personal-data export and to erasure through `<app>/privacy.py`.

A module may define `export(user) -> dict` (a section of the export, JSON-serialisable) and
`erase(user) -> None` (scrub that app's personal data). Discovered like setup_portal discovers setup.py.
"""

import importlib

from django.apps import apps


def privacy_modules():
    for config in apps.get_app_configs():
        try:
            yield config.label, importlib.import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.privacy":
                raise
