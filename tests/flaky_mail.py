"""Mail backends standing in for an SMTP server that is down or refuses for a while
(external I/O)."""

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


class Storing(EmailBackend):
    """Raises `fout` (any SMTP error) for the next `keer` sends, then delivers to mail.outbox."""

    fout = None
    keer = 0
    pogingen = 0
    lock = threading.Lock()

    def send_messages(self, messages):
        with Storing.lock:
            Storing.pogingen += 1
            if Storing.keer:
                Storing.keer -= 1
                raise Storing.fout
        return super().send_messages(messages)

    @classmethod
    def reset(cls, fout, keer=1):
        cls.fout, cls.keer, cls.pogingen = fout, keer, 0
