import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The demo stores files (the agreed internship agreements): in a temporary directory here."""
    settings.MEDIA_ROOT = tmp_path
