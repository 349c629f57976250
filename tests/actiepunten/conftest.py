import pytest

from tests.actiepunten.factories import ActiepuntFactory, DoelFactory


@pytest.fixture
def actiepunt(world):
    """An open item of the gemeente, under a goal, with the gemeente user responsible."""
    doel = DoelFactory(knelpunt__traject=world.traject, knelpunt__titel="Vervuiling")
    return ActiepuntFactory(
        traject=world.traject, doel=doel, titel="Straatwerk Langestraat herstellen",
        organisatie=world.organisaties["gemeente"], verantwoordelijke=world.users["gemeente"],
    )
