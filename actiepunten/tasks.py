"""Thin tasks of the action plan: the daily reminder sweep (mails go through the outbox)."""

from celery import shared_task

from . import herinneringen


@shared_task(ignore_result=True)
def herinneringen_sweep() -> int:
    """Daily: plan the reminders of every day since the last run (and a missed digest), and
    write their mails to the outbox (kvo/outbox.py sends them)."""
    return herinneringen.herinneringen_sweep()


@shared_task(ignore_result=True)
def overzichten_sweep() -> int:
    """Weekly: one digest per user of their open items."""
    return herinneringen.overzichten_sweep()
