"""A mail backend standing in for an SMTP server that is down for a while (external I/O)."""

import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Fails the first `failures` sends with an SMTP error, then delivers to mail.outbox.
    `delay` makes each delivery slow, to let two workers overlap."""

    failures = 0
    delay = 0.0
    attempts = 0
    lock = threading.Lock()

    def send_messages(self, messages):
        with FlakyBackend.lock:
            FlakyBackend.attempts += 1
            if FlakyBackend.failures > 0:
                FlakyBackend.failures -= 1
                raise smtplib.SMTPServerDisconnected("SMTP-server niet bereikbaar")
        if FlakyBackend.delay:
            time.sleep(FlakyBackend.delay)
        return super().send_messages(messages)

    @classmethod
    def reset(cls, failures=0, delay=0.0):
        cls.failures, cls.delay, cls.attempts = failures, delay, 0
