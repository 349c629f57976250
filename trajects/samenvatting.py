"""Facts about a trajectory that a higher app adds to the dashboard and the trajectory page.

The audits app installs, in its AppConfig.ready(), `annotaties.set(func)` with
`func(queryset) -> queryset` adding `volgende_audit` (the date of the planned audit) and
`herstel_tot` (the repair deadline after a negative audit), one subquery each, so the dashboard's
query count does not grow with the number of trajectories.
"""

from kvo.registry import Hook

annotaties = Hook()


def annoteer(queryset):
    """`queryset` with the installed annotations (unchanged while none is installed)."""
    geannoteerd = annotaties(queryset)
    return queryset if geannoteerd is None else geannoteerd
