"""Facts about a trajectory that higher apps add to the dashboard and the trajectory page.

A higher app registers `func(queryset) -> queryset` in its AppConfig.ready(); the function adds
annotations (one subquery each, so the dashboard's query count does not grow with trajectories).
The audits app adds `volgende_audit` (the date of the planned audit) and `herstel_tot`.
"""

_annotaties = []


def register(func):
    if func not in _annotaties:
        _annotaties.append(func)


def annoteer(queryset):
    for func in _annotaties:
        queryset = func(queryset)
    return queryset
