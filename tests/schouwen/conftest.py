import pytest

from tests.schouwen.factories import SchouwFactory


@pytest.fixture
def schouw(world):
    return SchouwFactory(traject=world.traject)


@pytest.fixture
def media_files(settings):
    """All files under MEDIA_ROOT (a fresh tmp dir per test)."""

    def files():
        root = settings.MEDIA_ROOT
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    return files
