"""The development mail backend: each message printed as a person would read it.

Django's console backend prints the message as it would travel, so a Ukrainian subject
is an encoded word and a long Ukrainian body base64. This one prints the decoded
headers and text."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class EmailBackend(ConsoleBackend):
    def write_message(self, message):
        parsed = message.message()
        for header in ("Subject", "From", "To", "Cc", "Reply-To", "Date"):
            if parsed[header]:
                self.stream.write(f"{header}: {parsed[header]}\n")
        self.stream.write("\n")
        for part in parsed.walk():
            if part.get_content_maintype() == "text" and not part.is_attachment():
                self.stream.write(f"{part.get_content()}\n")
            elif not part.is_multipart():
                self.stream.write(f"[{part.get_content_type()} {part.get_filename() or ''}]\n")
        self.stream.write("-" * 79 + "\n")
