"""Demo content for the community register: a few contact people."""

from communities.models import Community, ContactPerson

# KATOTTG code -> (full name, position, category, phone, email); all invented.
DEMO_CONTACTS = {
    "UA59080270000073662": [
        ("Лисенко Олександр Петрович", "Міський голова", "head", "", ""),
        (
            "Гончаренко Світлана Іванівна",
            "Начальниця відділу соціального захисту",
            "social_specialist",
            "+380 542 00 00 01",
            "social@example.org",
        ),
    ],
    "UA59020070000032449": [
        ("Ткаченко Віктор Миколайович", "Міський голова", "head", "", ""),
        (
            "Романенко Людмила Сергіївна",
            "Фахівчиня із соціальної роботи",
            "social_specialist",
            "+380 5447 0 00 02",
            "",
        ),
    ],
}


def seed() -> None:
    for code, contacts in DEMO_CONTACTS.items():
        community = Community.objects.get(katottg=code)
        for full_name, position, category, phone, email in contacts:
            ContactPerson.objects.update_or_create(
                community=community,
                full_name=full_name,
                defaults={
                    "position": position,
                    "category": category,
                    "phone": phone,
                    "email": email,
                    "consent_to_contacts": bool(phone or email),
                },
            )
