"""Every list page: 50 rows a page, its filters and sort order in the URL, one pager.

    lijst = paginate(request, rows, sorts={"deadline": ("deadline", "pk"),
                                           "titel": ("titel", "pk")}, default_sort="deadline")
    return render(request, "…", {**lijst, …})

`rows` is a QuerySet (or a list); the page is `page_obj` (two queries: the count and the rows).
`?sorteer=titel` sorts ascending, `?sorteer=-titel` descending; an unknown key falls back to the
default. `querystring` is the request's query without the page number, so the pager
(`{% include "includes/paginering.html" %}`) and the sortable column heads
(`{% sorteerkop "titel" _("Titel") %}` from `kvo_lijst`) keep every filter.
A page with two lists gives the second its own `page_param`.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PER_PAGE = 50
PAGE_PARAM = "pagina"
SORT_PARAM = "sorteer"


def filter_params(request: HttpRequest, *, page_param: str = PAGE_PARAM) -> QueryDict:
    """The request's query without page number and sort order: what the filters read (a page
    link must not turn a list's default filter off)."""
    params = request.GET.copy()
    for key in (page_param, SORT_PARAM):
        params.pop(key, None)
    return params


def _ordering(fields: Sequence[str], descending: bool) -> list[str]:
    if not descending:
        return list(fields)
    return [f[1:] if f.startswith("-") else f"-{f}" for f in fields]


def paginate(
    request: HttpRequest,
    rows: QuerySet | Sequence[Any],
    *,
    sorts: Mapping[str, Sequence[str]] | None = None,
    default_sort: str = "",
    per_page: int = PER_PAGE,
    page_param: str = PAGE_PARAM,
) -> dict[str, Any]:
    """Template context for one page of `rows`: `page_obj`, `querystring`, `sortering`
    (the sort key in force, "-" first when descending) and `page_param`."""
    sortering = ""
    if sorts:
        gevraagd = request.GET.get(SORT_PARAM, "") or default_sort
        if gevraagd.lstrip("-") not in sorts:
            gevraagd = default_sort
        sortering = gevraagd
        if sortering and isinstance(rows, QuerySet):
            rows = rows.order_by(*_ordering(sorts[sortering.lstrip("-")],
                                            sortering.startswith("-")))
    page = Paginator(rows, per_page).get_page(request.GET.get(page_param))
    params = request.GET.copy()
    params.pop(page_param, None)
    return {
        "page_obj": page,
        "querystring": params.urlencode(),
        "sortering": sortering,
        "page_param": page_param,
    }
