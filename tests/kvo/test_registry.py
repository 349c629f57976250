"""Registries (kvo.registry) and their use: a lower app's page learns about a higher app only
through what the higher app registered."""

from django.urls import reverse

from kvo.navigation import hoofdmenu
from kvo.registry import Hook, Hooks, Link, Links
from schouwen import registry as schouwen_registry
from trajects.navigation import tabs


def test_links_keep_their_order_and_one_entry_per_url():
    links = Links(Link("B", "app:b", 20))
    links.add("A", "app:a", 10)
    links.add("A again", "app:a", 30)
    assert [(link.label, link.order) for link in links] == [("A", 10), ("B", 20)]


def test_hook_answers_its_default_until_a_function_is_set():
    hook = Hook(default="")
    assert hook("x") == ""
    hook.set(lambda waarde: waarde * 2)
    assert hook("x") == "xx"


def test_hooks_collect_every_non_empty_answer_in_order():
    hooks = Hooks()
    eerste = lambda n: ("een", n)  # noqa: E731
    hooks.add(eerste)
    hooks.add(lambda n: None)
    hooks.add(lambda n: ("twee", n))
    hooks.add(eerste)
    assert hooks(1) == [("een", 1), ("twee", 1)]


def test_apps_fill_the_main_menu_and_the_trajectory_tabs():
    assert [link.url_name for link in hoofdmenu] == [
        "trajects:dashboard", "actiepunten:mijn", "werkplek:agenda", "trajects:organisaties",
    ]
    names = [tab.url_name for tab in tabs()]
    assert names[0] == "trajects:detail" and "actiepunten:matrix" in names
    assert names.index("schouwen:lijst") < names.index("schouwen:kaart")


def test_the_action_plan_takes_findings_from_the_triage_page(world):
    assert schouwen_registry.bevindingen_omzetten(world.traject) == reverse(
        "actiepunten:van-bevindingen", args=[world.traject.pk]
    )


def test_a_finding_page_lists_what_higher_apps_keep_for_it(world):
    from tests.actiepunten.factories import ActiepuntFactory
    from tests.schouwen.factories import BevindingFactory

    bevinding = BevindingFactory(schouw__traject=world.traject)
    assert schouwen_registry.bevinding_koppelingen(bevinding) == []
    actiepunt = ActiepuntFactory(traject=world.traject, titel="Lamp vervangen")
    actiepunt.bevindingen.add(bevinding)
    assert schouwen_registry.bevinding_koppelingen(bevinding) == [
        ("Actiepunt", [(actiepunt.get_absolute_url(), "Lamp vervangen")])
    ]
