from django.core.management.base import BaseCommand
from django.utils import timezone

from league.notifications.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail reminders before a monitoring deadline and when a report is late. Run it "
        "daily (cron or a systemd timer); each reminder is sent once however often it runs."
    )

    def handle(self, *args, **options):
        queued = reminders_send(today=timezone.localdate())
        self.stdout.write(f"{queued} reminder(s) considered.")
