"""Security headers: the Content-Security-Policy for pages and for files.

Every HTML response gets the strict policy from settings.CONTENT_SECURITY_POLICY (scripts and
styles from our own static files only). Everything else we answer with (photos, PDFs, exports,
JSON) is not a page, so it gets a policy that allows nothing and sandboxes the document: a file
that is opened directly in a browser tab (an uploaded SVG disguised as a photo, a PDF with
JavaScript) cannot run script on our origin or reach the user's session.

Permissions-Policy comes from django-permissions-policy (settings.PERMISSIONS_POLICY).
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

FILE_POLICY = {
    "default-src": ["'none'"],
    # A photo opened directly is an image document: it needs its own bytes and nothing else.
    "img-src": ["'self'"],
    "sandbox": [""],
    "frame-ancestors": ["'none'"],
}


def is_html(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower() in (
        "text/html", "application/xhtml+xml",
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the file policy for every response that is not a page."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and not is_html(response) and parts.config is None:
            return PolicyParts(config=FILE_POLICY)
        return parts
