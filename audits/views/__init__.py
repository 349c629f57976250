"""The audit pages, one module per page group (see audits/urls.py)."""
