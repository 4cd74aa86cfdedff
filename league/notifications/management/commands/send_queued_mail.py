from django.core.management.base import BaseCommand

from league import mail


class Command(BaseCommand):
    help = (
        "Send the e-mails whose delivery failed and is due again, and any queued e-mail no "
        "task picked up. Run it every few minutes (cron or a systemd timer); each e-mail "
        "is sent once however often it runs."
    )

    def handle(self, *args, **options):
        sent = mail.deliver_due()
        self.stdout.write(f"{sent} e-mail(s) sent.")
