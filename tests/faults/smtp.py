"""A real SMTP server (aiosmtpd) that misbehaves on command, for the fault tests.

What it does with the next messages is a plan, one step per message that reaches DATA:
  "accept"  take it and answer 250;
  "refuse"  answer 451 (try again later): the message did not arrive;
  "reject"  answer 550 for the recipient: it did not arrive and never will;
  "drop"    take the whole message, then close the connection without an answer: the sender
            cannot know it arrived (an unknown outcome);
  "stall"   take it and answer only after STALL seconds, longer than the sender waits
            (EMAIL_TIMEOUT): an unknown outcome too;
  "hold"    take it and answer only when `release()` is called (or after HOLD_MAX seconds), so a
            test can kill the sender meanwhile: an unknown outcome.
After the plan every message is accepted, after `delay` seconds. `stop()` makes the port refuse
connections until `start()`.

Every message that arrived is recorded with its Message-ID and whether the sender could know
it did (`known`); `check_once` then tells whether any message arrived twice other than after an
unknown outcome.
"""

import asyncio
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

STALL = 4.0
HOLD_MAX = 30.0
UNKNOWN = {"drop", "stall", "hold"}


@dataclass
class Received:
    message_id: str
    to: list
    subject: str
    step: str
    at: float
    message: object = field(repr=False, default=None)

    @property
    def known(self):
        return self.step not in UNKNOWN


class FaultySMTP:
    def __init__(self, port):
        self.port = port
        self.plan = []
        self.delay = 0.0
        self.received = []
        self.attempts = 0
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.holding = threading.Event()
        self.controller = None

    # Control --------------------------------------------------------------------------------

    def start(self):
        if self.controller is None:
            self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def reset(self, plan=(), delay=0.0):
        with self.lock:
            self.plan = list(plan)
            self.delay = delay
            self.received = []
            self.attempts = 0
        self.released.clear()
        self.holding.clear()

    def release(self):
        self.released.set()

    # What arrived ----------------------------------------------------------------------------

    def message_ids(self):
        with self.lock:
            return Counter(r.message_id for r in self.received)

    def check_once(self):
        """Message-IDs that arrived again although an earlier copy was answered normally: a
        duplicate that is not a resend after an unknown outcome."""
        wrong = []
        with self.lock:
            seen = {}
            for r in self.received:
                earlier = seen.setdefault(r.message_id, [])
                if any(e.known for e in earlier):
                    wrong.append(r.message_id)
                earlier.append(r)
        return wrong

    def wait_for(self, condition, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self):
                return True
            time.sleep(0.1)
        return False

    # aiosmtpd handler ------------------------------------------------------------------------

    def _next_step(self):
        with self.lock:
            self.attempts += 1
            return self.plan.pop(0) if self.plan else "accept"

    def _record(self, envelope, step):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.received.append(Received(
                message_id=str(message["Message-ID"]), to=list(envelope.rcpt_tos),
                subject=str(message["Subject"]), step=step, at=time.monotonic(),
                message=message,
            ))

    async def handle_DATA(self, server, session, envelope):
        step = self._next_step()
        if step == "refuse":
            return "451 4.3.0 Tijdelijk niet beschikbaar, probeer het later opnieuw"
        if step == "reject":
            return "550 5.1.1 Onbekende ontvanger"
        self._record(envelope, step)
        if step == "drop":
            server.transport.abort()
            return "250 OK"  # never reaches the sender
        if step == "stall":
            await asyncio.sleep(STALL)
        elif step == "hold":
            self.holding.set()
            waited = 0.0
            while not self.released.is_set() and waited < HOLD_MAX:
                await asyncio.sleep(0.05)
                waited += 0.05
        elif self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK"
