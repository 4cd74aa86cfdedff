"""The default catalogue: loaded by a data migration, complete, and its rules parse."""

from importlib import import_module

from django.apps import apps

from monitoring.catalogue import DEFAULT_INDICATORS, DEFAULT_RULES
from monitoring.expressions import parse
from monitoring.models import Indicator, ValidationRule

REQUIRED = {
    "IDENTIFIED",
    "STATUS_APPLIED",
    "STATUS_GRANTED",
    "STATUS_REFUSED",
    "HELP_MATERIAL",
    "HELP_MEDICAL",
    "HELP_PSYCHOLOGICAL",
    "HELP_SOCIAL",
    "HELP_LEGAL",
    "HELP_ACCOMMODATION",
    "HELP_EMPLOYMENT",
    "REFERRALS",
    "PREVENTION_EVENTS",
    "PREVENTION_REACHED",
    "BUDGET_PLANNED",
    "BUDGET_SPENT",
    "NARRATIVE",
}


def test_data_migration_loads_the_catalogue_once_and_keeps_edits(db):
    migration = import_module("monitoring.migrations.0002_default_catalogue")
    migration.load(apps, None)
    assert Indicator.objects.count() == len(DEFAULT_INDICATORS)
    assert ValidationRule.objects.count() == len(DEFAULT_RULES)
    Indicator.objects.filter(code="REFERRALS").update(name_uk="Переадресації (змінено)")
    migration.load(apps, None)
    assert Indicator.objects.count() == len(DEFAULT_INDICATORS)
    assert Indicator.objects.get(code="REFERRALS").name_uk == "Переадресації (змінено)"


def test_catalogue_covers_the_issue(catalogue):
    assert set(catalogue) >= REQUIRED
    identified = catalogue["IDENTIFIED"]
    assert (identified.by_sex, identified.by_age_group, identified.by_exploitation) == (
        True,
        True,
        True,
    )
    assert catalogue["BUDGET_SPENT"].value_type == Indicator.ValueType.MONEY
    assert catalogue["PREVENTION_EVENTS"].value_type == Indicator.ValueType.EVENTS
    assert catalogue["NARRATIVE"].value_type == Indicator.ValueType.TEXT
    for indicator in catalogue.values():
        indicator.full_clean()


def test_every_default_rule_parses_against_the_catalogue(catalogue):
    rules = list(ValidationRule.objects.all())
    assert len(rules) == len(DEFAULT_RULES) > 0
    for rule in rules:
        parse(rule.left, catalogue)
        parse(rule.right, catalogue)
        rule.full_clean()


def test_the_migrations_load_the_catalogue_into_every_new_database(db):
    # No fixture here: the test database was built by running the migrations. A browser
    # test before this one (transactional: its clean-up empties every table) may have
    # taken that away; then the data migration is run again here, as a new database runs it.
    from monitoring.catalogue import DEFAULT_INDICATORS, DEFAULT_RULES
    from monitoring.models import Indicator, ValidationRule

    if not Indicator.objects.exists():
        import_module("monitoring.migrations.0002_default_catalogue").load(apps, None)

    assert len(DEFAULT_INDICATORS) >= 10
    assert set(Indicator.objects.values_list("code", flat=True)) == {
        indicator[0] for indicator in DEFAULT_INDICATORS
    }
    assert set(ValidationRule.objects.values_list("code", flat=True)) == {
        rule[0] for rule in DEFAULT_RULES
    }
