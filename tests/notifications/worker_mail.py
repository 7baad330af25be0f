"""A file mailbox that the worker tests can slow down, stall and make fail, used inside the worker process.

WORKER_TEST_STALL_AFTER=n: once the mailbox holds n messages, touch WORKER_TEST_STALLED and hang, before the
next message is written, until the test kills the worker there or touches WORKER_TEST_RELEASE (then the
send carries on, and nothing stalls again). WORKER_TEST_REFUSE=<address>: refuse that recipient with an SMTP
error, like a mail server that is down for them.
"""

import os
import re
import smtplib
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend

TO_HEADER = re.compile(r"^To: (.+)$", re.MULTILINE)


def mailbox_recipients(path) -> list[str]:
    """One address per message in the file mailbox (a file may hold several messages)."""
    found = []
    for file in sorted(Path(path).glob("*.log")):
        found += TO_HEADER.findall(file.read_text(errors="replace"))
    return found


class WorkerTestMailbox(EmailBackend):
    def send_messages(self, email_messages):
        stall_after = int(os.environ.get("WORKER_TEST_STALL_AFTER", "0"))
        release = Path(os.environ["WORKER_TEST_RELEASE"])
        if stall_after and len(mailbox_recipients(self.file_path)) >= stall_after and not release.exists():
            Path(os.environ["WORKER_TEST_STALLED"]).touch()
            deadline = time.monotonic() + 120
            while not release.exists() and time.monotonic() < deadline:  # killed here, or released, by the test
                time.sleep(0.05)
        refused = os.environ.get("WORKER_TEST_REFUSE")
        if refused and any(refused in message.to for message in email_messages):
            raise smtplib.SMTPRecipientsRefused({refused: (451, b"try again later")})
        return super().send_messages(email_messages)
