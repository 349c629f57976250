"""What the survey page groups share."""

from kvo.access import get_with_rights

from ..models import Meting


def _meting(request, pk, meting_pk, perm=None):
    return get_with_rights(
        request.user, Meting.objects.select_related("traject__gebied", "sjabloon"), perm,
        pk=meting_pk, traject_id=pk,
    )
