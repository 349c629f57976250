from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import tweestap
from .forms import AppCodeForm, CodeForm
from .health import OK, PARTS, run_checks
from .logs import current_request_id


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: every part of the installation, 503 if one fails.

    {"status": "ok", "checks": {"database": {"status": "ok", "ms": 2}, "broker": ...}}

    `?onderdelen=database,storage` checks only those parts: a load balancer asks whether this
    web machine can serve, without taking every machine out when beat or the broker is down.
    """
    wanted = [p for p in request.GET.get("onderdelen", "").split(",") if p in PARTS]
    checks = run_checks(wanted or PARTS)
    healthy = all(c["status"] in (OK, "off") for c in checks.values())
    return JsonResponse(
        {"status": OK if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page with the request id, so a user can quote it and we find the log lines.

    Rendered without the request's context processors: after an error the database or the
    session may be what failed.
    """
    request_id = getattr(request, "request_id", None) or current_request_id()
    try:
        html: str = loader.render_to_string("500.html", {"request_id": request_id})
    except Exception:  # the page must not fail in turn (e.g. a missing static manifest)
        html = f"<h1>Server Error (500)</h1><p>{escape(request_id or '')}</p>"
    return HttpResponseServerError(html)


@login_not_required
def te_veel_verzoeken(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The page for a rate-limited request (django-ratelimit's RATELIMIT_VIEW): 429, Dutch."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


# Two-factor sign-in ------------------------------------------------------------------------------

def tweestap_code(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator app, or a recovery code."""
    if tweestap.geverifieerd(request.user) or not tweestap.actief(request.user):
        return redirect(tweestap.volgende(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if tweestap.moet_wachten(request.user):
            form.add_error("code", _("Te veel onjuiste codes achter elkaar. Wacht even en probeer "
                                     "het dan opnieuw met een nieuwe code."))
            device = None
        else:
            device = tweestap.controleer_code(request.user, form.cleaned_data["code"])
            if device is None:
                form.add_error("code", _("Deze code klopt niet of is al gebruikt."))
        if device is not None:
            otp_login(request, device)
            if device.__class__.__name__ == "StaticDevice":
                over = device.token_set.count()
                messages.warning(request, ngettext(
                    "U heeft een herstelcode gebruikt; er is nog %(n)d over. Maak nieuwe aan op "
                    "de pagina Beveiliging.",
                    "U heeft een herstelcode gebruikt; er zijn er nog %(n)d over. Maak nieuwe "
                    "aan op de pagina Beveiliging.", over,
                ) % {"n": over})
            return redirect(tweestap.volgende(request))
    return render(request, "registration/tweestap_code.html", {
        "form": form, "next": tweestap.volgende(request),
    })


def tweestap_instellen(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code, confirm with a code, get recovery codes."""
    user = request.user
    if tweestap.actief(user) and not tweestap.geverifieerd(user):
        return redirect("tweestap-code")
    device = tweestap.authenticator(user, confirmed=False) or tweestap.nieuwe_authenticator(user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = tweestap.bevestig(request, device, form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("Inloggen in twee stappen staat aan."))
            return _herstelcodes(request, codes, tweestap.volgende(request, "beveiliging"))
        form.add_error("code", _("Deze code klopt niet. Controleer of de tijd op uw telefoon "
                                 "goed staat en probeer de volgende code."))
    return render(request, "kvo/tweestap_instellen.html", {
        "form": form, "qr": tweestap.qr_svg(device), "geheim": tweestap.geheim_tekst(device),
        "verplicht": tweestap.verplicht_voor(user), "vervangen": tweestap.actief(user),
        "next": tweestap.volgende(request, "beveiliging"),
    })


def beveiliging(request: HttpRequest) -> HttpResponse:
    user = request.user
    herstel = tweestap.herstelapparaat(user)
    return render(request, "kvo/beveiliging.html", {
        "actief": tweestap.actief(user),
        "verplicht": tweestap.verplicht_voor(user),
        "herstelcodes_over": herstel.token_set.count() if herstel else 0,
        "uitschakel_form": CodeForm(),
    })


@require_POST
def beveiliging_uitschakelen(request: HttpRequest) -> HttpResponse:
    user = request.user
    if tweestap.verplicht_voor(user):
        messages.error(request, _("Voor uw rol is inloggen in twee stappen verplicht; u kunt het "
                                  "niet uitschakelen."))
        return redirect("beveiliging")
    form = CodeForm(request.POST)
    if not form.is_valid() or tweestap.controleer_code(user, form.cleaned_data["code"]) is None:
        messages.error(request, _("Deze code klopt niet; inloggen in twee stappen staat nog aan."))
        return redirect("beveiliging")
    tweestap.uitschakelen(request, user)
    messages.success(request, _("Inloggen in twee stappen staat uit."))
    return redirect("beveiliging")


@require_POST
def beveiliging_herstelcodes(request: HttpRequest) -> HttpResponse:
    if not tweestap.actief(request.user):
        return redirect("beveiliging")
    codes = tweestap.nieuwe_herstelcodes(request.user)
    messages.success(request, _("Er zijn nieuwe herstelcodes gemaakt; de oude werken niet meer."))
    return _herstelcodes(request, codes, reverse("beveiliging"))


def _herstelcodes(request: HttpRequest, codes: list[str], volgende: str) -> HttpResponse:
    """Recovery codes are shown once: the page is never stored by the browser or a proxy."""
    response = render(request, "kvo/herstelcodes.html", {"codes": codes, "next": volgende})
    add_never_cache_headers(response)
    return response
