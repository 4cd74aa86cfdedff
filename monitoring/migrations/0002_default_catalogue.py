"""The default indicator catalogue and validation rules, in every database."""

from django.db import migrations


def load(apps, schema_editor):
    from monitoring.catalogue import catalogue_load

    catalogue_load(apps.get_model("monitoring", "Indicator"), apps.get_model("monitoring", "ValidationRule"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
