"""Registries: how a lower app offers a place that higher apps fill in their AppConfig.ready(),
so no import, template or URL lookup ever points from a lower app to a higher one.

    menu = Links()                          # kvo: the main menu in base.html
    menu.add(_("Mijn actiepunten"), "actiepunten:mijn", 10)   # actiepunten/apps.py

    omzetten = Hook()                       # schouwen: "turn findings into …" on the triage page
    omzetten.set(lambda traject: reverse("actiepunten:van-bevindingen", args=[traject.pk]))
    url = omzetten(traject)                 # None while no app filled it

The app that offers a registry documents what it expects next to it.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url_name: str
    order: int
    groep: str = ""  # the group (e.g. a trajectory's section) the link is shown in
    # Other pages (URL names, `*` as wildcard: "schouwen:*") on which this link is the current
    # one: a schouw's page keeps "Schouwen" marked. An exact URL name beats a wildcard.
    ook: tuple[str, ...] = ()

    def hoort_bij(self, view_name: str) -> int:
        """2: `view_name` is this link's page; 1: one of its `ook` pages; 0: neither."""
        if view_name == self.url_name:
            return 2
        if any(view_name == ook for ook in self.ook):
            return 2
        return int(any(fnmatchcase(view_name, ook) for ook in self.ook))


class Links:
    """Named URLs (menu items, tabs) in a fixed order; adding the same URL twice keeps one."""

    def __init__(self, *links: Link) -> None:
        self._links: dict[str, Link] = {link.url_name: link for link in links}

    def add(self, label: str | Promise, url_name: str, order: int, *, groep: str = "",
            ook: tuple[str, ...] = ()) -> None:
        self._links.setdefault(url_name, Link(label, url_name, order, groep, tuple(ook)))

    def __iter__(self) -> Iterator[Link]:
        return iter(sorted(self._links.values(), key=lambda link: link.order))

    def get(self, url_name: str) -> Link | None:
        return self._links.get(url_name)

    def huidige(self, view_name: str) -> Link | None:
        """The link that is current on the page `view_name` (see `Link.ook`), or None."""
        beste, score = None, 0
        for link in self:
            if (nieuw := link.hoort_bij(view_name)) > score:
                beste, score = link, nieuw
        return beste


class Hook:
    """One function a higher app installs; calling the hook calls it, or gives `default` while
    none is installed."""

    def __init__(self, default: Any = None) -> None:
        self._func: Callable[..., Any] | None = None
        self._default = default

    def set(self, func: Callable[..., Any]) -> None:
        self._func = func

    @property
    def ingevuld(self) -> bool:
        """Whether a higher app installed its function (a page may hide what it offers)."""
        return self._func is not None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._func is None:
            return self._default
        return self._func(*args, **kwargs)


class Hooks:
    """Any number of functions, each adding its part (e.g. what other apps link to an object);
    calling gives every non-empty answer in registration order."""

    def __init__(self) -> None:
        self._funcs: list[Callable[..., Any]] = []

    def add(self, func: Callable[..., Any]) -> None:
        if func not in self._funcs:
            self._funcs.append(func)

    def __call__(self, *args: Any, **kwargs: Any) -> list[Any]:
        return [answer for func in self._funcs if (answer := func(*args, **kwargs))]
