"""The public answer page: single-use signed link, saving halfway, accessible errors."""

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enquetes import services
from enquetes.models import Antwoord, Concept, Inzending


def link(ontvanger):
    return reverse("enquetes:invullen", args=[services.ontvanger_token(ontvanger)])


def volledige_antwoorden(vragen):
    return {
        f"v{vragen['enkelvoudig'].pk}": "Winkel",
        f"v{vragen['schaal5'].pk}": "4",
        f"v{vragen['meervoudig'].pk}": ["Winkeldiefstal", "Inbraak"],
        f"v{vragen['janee'].pk}": "ja",
        f"v{vragen['getal'].pk}": "6",
        f"v{vragen['open'].pk}": "Meer verlichting bij de achteringang.",
    }


def test_link_opens_the_questionnaire_without_an_account(meting, ontvanger):
    response = Client().get(link(ontvanger))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoe veilig voelt u zich?" in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # Choice groups are fieldsets with a legend; help text is linked to its group.
    vraag = meting.vragen_per_soort["schaal5"]
    assert re.search(
        rf'<fieldset class="vraag" id="vraag-{vraag.pk}" aria-describedby="vraag-{vraag.pk}-hulp">'
        r'\s*<legend', html)


def test_submitting_stores_answers_anonymously_and_marks_the_recipient(meting, ontvanger):
    vragen = meting.vragen_per_soort
    response = Client().post(link(ontvanger), {**volledige_antwoorden(vragen),
                                               "actie": "versturen"})
    assert response.status_code == 200
    assert "Hartelijk dank" in response.content.decode()
    ontvanger.refresh_from_db()
    assert ontvanger.beantwoord is not None
    inzending = Inzending.objects.get(meting=meting)
    rijen = {(a.vraag_id, a.keuze, a.getal, a.tekst) for a in inzending.antwoorden.all()}
    assert rijen == {
        (vragen["enkelvoudig"].pk, "Winkel", None, ""),
        (vragen["schaal5"].pk, "4", 4, ""),
        (vragen["meervoudig"].pk, "Winkeldiefstal", None, ""),
        (vragen["meervoudig"].pk, "Inbraak", None, ""),
        (vragen["janee"].pk, "ja", None, ""),
        (vragen["getal"].pk, "", 6, ""),
        (vragen["open"].pk, "", None, "Meer verlichting bij de achteringang."),
    }


def test_used_link_is_refused_with_410(meting, ontvanger):
    url = link(ontvanger)
    Client().post(url, {**volledige_antwoorden(meting.vragen_per_soort), "actie": "versturen"})
    response = Client().get(url)
    assert response.status_code == 410
    assert "al ingevuld en verstuurd" in response.content.decode()
    again = Client().post(url, {**volledige_antwoorden(meting.vragen_per_soort),
                                "actie": "versturen"})
    assert again.status_code == 410
    assert Inzending.objects.count() == 1


@pytest.mark.parametrize("token", [
    "vervalst-token",
    signing.dumps({"o": 1, "n": "0" * 32}, salt="iets-anders"),
])
def test_forged_link_is_refused_with_404(meting, ontvanger, token):
    response = Client().get(reverse("enquetes:invullen", args=[token]))
    assert response.status_code == 404
    assert "Deze link is ongeldig." in response.content.decode()


def test_link_with_another_recipients_nonce_is_refused(meting, ontvanger):
    token = signing.dumps({"o": ontvanger.pk, "n": "f" * 32}, salt=services.TOKEN_SALT,
                          compress=True)
    assert Client().get(reverse("enquetes:invullen", args=[token])).status_code == 404


def test_expired_link_is_refused_with_410(meting, ontvanger, settings):
    settings.ENQUETE_LINK_MAX_AGE_DAYS = 30
    url = link(ontvanger)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31), tick=False):
        response = Client().get(url)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_link_of_a_closed_meting_is_refused_with_410(meting, ontvanger):
    url = link(ontvanger)
    meting.einde = timezone.localdate() - datetime.timedelta(days=1)
    meting.start = meting.einde - datetime.timedelta(days=10)
    meting.save()
    response = Client().get(url)
    assert response.status_code == 410
    assert "De enquête is gesloten" in response.content.decode()


def test_saving_halfway_keeps_a_draft_that_is_shown_again_and_removed_on_submit(
    meting, ontvanger
):
    vragen = meting.vragen_per_soort
    url = link(ontvanger)
    client = Client()
    response = client.post(url, {f"v{vragen['schaal5'].pk}": "2",
                                 f"v{vragen['open'].pk}": "Half af", "actie": "opslaan"})
    assert response.status_code == 302
    assert Concept.objects.get(ontvanger=ontvanger).data == {
        f"v{vragen['schaal5'].pk}": "2", f"v{vragen['open'].pk}": "Half af"}
    assert not Inzending.objects.exists()
    ontvanger.refresh_from_db()
    assert ontvanger.beantwoord is None

    # Later, from another device: the saved answers are there.
    html = Client().get(url).content.decode()
    assert "Uw eerder opgeslagen antwoorden staan klaar." in html
    assert re.search(rf'<input type="radio" name="v{vragen["schaal5"].pk}" value="2"[^>]*checked',
                     html)
    assert "Half af</textarea>" in html

    Client().post(url, {**volledige_antwoorden(vragen), "actie": "versturen"})
    assert not Concept.objects.exists()
    assert Inzending.objects.count() == 1


def test_missing_required_answer_shows_linked_error_and_stores_nothing(meting, ontvanger):
    vragen = meting.vragen_per_soort
    data = volledige_antwoorden(vragen)
    del data[f"v{vragen['schaal5'].pk}"]
    data[f"v{vragen['getal'].pk}"] = "veel"
    response = Client().post(link(ontvanger), {**data, "actie": "versturen"})
    assert response.status_code == 200
    html = response.content.decode()
    schaal, getal = vragen["schaal5"].pk, vragen["getal"].pk
    assert (f'<a class="alert-link" href="#vraag-{schaal}">'
            "Hoe veilig voelt u zich?: Dit veld is verplicht.</a>") in html
    assert f'aria-describedby="vraag-{schaal}-hulp vraag-{schaal}-fout"' in html
    assert f'id="vraag-{schaal}-fout">Dit veld is verplicht.' in html
    assert re.search(rf'<input type="number" name="v{getal}"[^>]*aria-invalid="true" '
                     rf'aria-describedby="vraag-{getal}-fout" id="id_v{getal}">', html)
    assert not Inzending.objects.exists() and not Antwoord.objects.exists()
    ontvanger.refresh_from_db()
    assert ontvanger.beantwoord is None
    # The valid answers are kept as a draft, the invalid number is not.
    assert f"v{getal}" not in Concept.objects.get(ontvanger=ontvanger).data


def test_answer_outside_the_options_is_refused(meting, ontvanger):
    vragen = meting.vragen_per_soort
    data = {**volledige_antwoorden(vragen), f"v{vragen['enkelvoudig'].pk}": "Iets anders",
            "actie": "versturen"}
    response = Client().post(link(ontvanger), data)
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Inzending.objects.exists()


def test_preview_for_members_cannot_be_submitted(world, meting):
    response = world.client_for("politie").get(
        reverse("enquetes:voorbeeld", args=[world.traject.pk, meting.pk]))
    html = response.content.decode()
    assert "kan niet worden verstuurd" in html
    assert 'value="versturen"' not in html


def test_stored_yes_no_answer_does_not_depend_on_the_respondents_language(meting, ontvanger):
    vraag = meting.vragen_per_soort["janee"]
    html = Client().get(link(ontvanger), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(rf'<input type="radio" name="v{vraag.pk}" value="ja"', html)
    assert re.search(rf'<input type="radio" name="v{vraag.pk}" value="nee"', html)
