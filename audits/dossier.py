"""The audit dossier PDF: one context built with bounded queries, one template."""


def render_dossier_pdf(audit):
    raise NotImplementedError
