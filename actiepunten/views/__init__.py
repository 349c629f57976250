"""The action-plan pages, one module per page group (see actiepunten/urls.py)."""
