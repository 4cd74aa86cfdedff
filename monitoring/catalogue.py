"""The default indicator catalogue and validation rules.

Loaded by a data migration, so every database has them, production included; tests
call `catalogue_load()` because they run without migrations. Staff maintain both in
the admin afterwards: loading again adds what is missing and never overwrites an edit.
"""

# code, section, value type, Ukrainian name, English name, breakdowns (sex, age, form, scope)
DEFAULT_INDICATORS = [
    (
        "IDENTIFIED",
        "identification",
        "people",
        "Особи, виявлені як такі, що могли постраждати від торгівлі людьми",
        "People identified as possibly trafficked",
        (True, True, True, False),
    ),
    (
        "STATUS_APPLIED",
        "status",
        "people",
        "Особи, які звернулися із заявою про встановлення статусу особи, "
        "яка постраждала від торгівлі людьми",
        "People who applied for the status of a person who suffered from trafficking",
        (False, False, False, False),
    ),
    (
        "STATUS_GRANTED",
        "status",
        "people",
        "Особи, яким встановлено статус",
        "People granted the status",
        (False, False, False, False),
    ),
    (
        "STATUS_REFUSED",
        "status",
        "people",
        "Особи, яким відмовлено у встановленні статусу",
        "People refused the status",
        (False, False, False, False),
    ),
    (
        "HELP_MATERIAL",
        "assistance",
        "people",
        "Отримали одноразову матеріальну допомогу",
        "Received one-time material assistance",
        (False, False, False, False),
    ),
    (
        "HELP_MEDICAL",
        "assistance",
        "people",
        "Отримали медичну допомогу",
        "Received medical help",
        (False, False, False, False),
    ),
    (
        "HELP_PSYCHOLOGICAL",
        "assistance",
        "people",
        "Отримали психологічну допомогу",
        "Received psychological help",
        (False, False, False, False),
    ),
    (
        "HELP_SOCIAL",
        "assistance",
        "people",
        "Отримали соціальні послуги",
        "Received social services",
        (False, False, False, False),
    ),
    (
        "HELP_LEGAL",
        "assistance",
        "people",
        "Отримали правову допомогу",
        "Received legal help",
        (False, False, False, False),
    ),
    (
        "HELP_ACCOMMODATION",
        "assistance",
        "people",
        "Отримали тимчасове розміщення",
        "Received temporary accommodation",
        (False, False, False, False),
    ),
    (
        "HELP_EMPLOYMENT",
        "assistance",
        "people",
        "Отримали допомогу в працевлаштуванні",
        "Received help with employment",
        (False, False, False, False),
    ),
    (
        "REFERRALS",
        "referral",
        "events",
        "Переадресації до інших суб'єктів національного механізму взаємодії",
        "Referrals to other subjects of the national referral mechanism",
        (False, False, False, False),
    ),
    (
        "PREVENTION_EVENTS",
        "prevention",
        "events",
        "Проведені профілактичні заходи",
        "Prevention events held",
        (False, False, False, False),
    ),
    (
        "PREVENTION_REACHED",
        "prevention",
        "people",
        "Охоплено профілактичними заходами осіб",
        "People reached by prevention events",
        (False, False, False, False),
    ),
    (
        "BUDGET_PLANNED",
        "budget",
        "money",
        "Кошти місцевого бюджету, заплановані на запобігання та допомогу, грн",
        "Local budget funds planned for prevention and assistance, UAH",
        (False, False, False, False),
    ),
    (
        "BUDGET_SPENT",
        "budget",
        "money",
        "Кошти місцевого бюджету, використані на запобігання та допомогу, грн",
        "Local budget funds spent on prevention and assistance, UAH",
        (False, False, False, False),
    ),
    (
        "NARRATIVE",
        "narrative",
        "text",
        "Проблеми та добрі практики (без імен і даних про осіб)",
        "Problems and good practice (no names or details of any person)",
        (False, False, False, False),
    ),
]

# Person-linked: each unit counted concerns one person, so a small count can point to
# them (docs/disclosure.md). Every count of people, and the referrals: events, but each
# referral is one person referred. The unit alone does not decide it.
PERSON_LINKED = frozenset(
    code for code, _section, value_type, *_rest in DEFAULT_INDICATORS if value_type == "people"
) | {"REFERRALS"}

# code, left, operator, right, severity, Ukrainian message, English message
DEFAULT_RULES = [
    (
        "GRANTED_LE_APPLIED",
        "STATUS_GRANTED",
        "<=",
        "STATUS_APPLIED",
        "error",
        "Статус встановлено ({left}) більшій кількості осіб, ніж подали заяви ({right}).",
        "Status granted ({left}) exceeds the applications ({right}).",
    ),
    (
        "DECIDED_LE_APPLIED",
        "STATUS_GRANTED + STATUS_REFUSED",
        "<=",
        "STATUS_APPLIED",
        "warning",
        "Рішень щодо статусу ({left}) більше, ніж заяв ({right}): поясніть, "
        "чи це заяви попередніх кварталів.",
        "More status decisions ({left}) than applications ({right}): explain whether "
        "they answer applications of earlier quarters.",
    ),
    (
        "IDENTIFIED_BY_SEX",
        "IDENTIFIED[sex=*]",
        "==",
        "IDENTIFIED",
        "error",
        "Сума за статтю ({left}) не дорівнює загальній кількості виявлених осіб ({right}).",
        "The figures by sex add up to {left}, not to the total identified ({right}).",
    ),
    (
        "IDENTIFIED_BY_AGE",
        "IDENTIFIED[age=*]",
        "==",
        "IDENTIFIED",
        "error",
        "Сума за віковими групами ({left}) не дорівнює загальній кількості виявлених "
        "осіб ({right}).",
        "The figures by age group add up to {left}, not to the total identified ({right}).",
    ),
    (
        "IDENTIFIED_BY_FORM",
        "IDENTIFIED[exploitation=*]",
        "==",
        "IDENTIFIED",
        "error",
        "Сума за формами експлуатації ({left}) не дорівнює загальній кількості виявлених "
        "осіб ({right}).",
        "The figures by form of exploitation add up to {left}, not to the total "
        "identified ({right}).",
    ),
    (
        "REACHED_GE_EVENTS",
        "PREVENTION_REACHED",
        ">=",
        "PREVENTION_EVENTS",
        "warning",
        "Охоплено осіб ({left}) менше, ніж проведено заходів ({right}).",
        "Fewer people reached ({left}) than events held ({right}).",
    ),
    (
        "SPENT_LE_PLANNED",
        "BUDGET_SPENT",
        "<=",
        "BUDGET_PLANNED",
        "warning",
        "Використано коштів ({left}) більше, ніж заплановано ({right}).",
        "More money spent ({left}) than planned ({right}).",
    ),
]

BREAKDOWN_FLAGS = ("by_sex", "by_age_group", "by_exploitation", "by_scope")


def catalogue_load(indicator_model=None, rule_model=None) -> None:
    """Add the default indicators and rules that are missing.

    Takes the model classes so that a migration can pass its historical models.
    """
    if indicator_model is None or rule_model is None:
        from monitoring.models import Indicator, ValidationRule

        indicator_model, rule_model = Indicator, ValidationRule
    # Migration 0002's historical model predates the flag; 0006 marks those indicators.
    flagged = any(field.name == "person_linked" for field in indicator_model._meta.fields)
    for order, (code, section, value_type, name_uk, name_en, flags) in enumerate(
        DEFAULT_INDICATORS, start=1
    ):
        indicator_model.objects.get_or_create(
            code=code,
            defaults={
                "section": section,
                "value_type": value_type,
                "name_uk": name_uk,
                "name_en": name_en,
                "order": order * 10,
                **dict(zip(BREAKDOWN_FLAGS, flags, strict=True)),
                **({"person_linked": code in PERSON_LINKED} if flagged else {}),
            },
        )
    for code, left, operator, right, severity, message_uk, message_en in DEFAULT_RULES:
        rule_model.objects.get_or_create(
            code=code,
            defaults={
                "left": left,
                "operator": operator,
                "right": right,
                "severity": severity,
                "message_uk": message_uk,
                "message_en": message_en,
            },
        )
