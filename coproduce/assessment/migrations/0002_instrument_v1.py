"""Ships instrument version 1 (six principles, four mirrored statements each, English and Spanish) and
the default next steps for each principle and band."""

from django.db import migrations


def load(apps, schema_editor):
    from coproduce.assessment import instrument_v1 as data

    Instrument = apps.get_model("assessment", "Instrument")
    Statement = apps.get_model("assessment", "Statement")
    SuggestedStep = apps.get_model("assessment", "SuggestedStep")
    instrument, _created = Instrument.objects.get_or_create(
        version=data.VERSION, defaults={"title": "Is your service co-produced?"})
    for position, (code, principle, texts) in enumerate(data.STATEMENTS, start=1):
        Statement.objects.update_or_create(
            instrument=instrument, code=code,
            defaults={
                "principle": principle, "position": position,
                "professional_texts": {lang: pair[0] for lang, pair in texts.items()},
                "user_texts": {lang: pair[1] for lang, pair in texts.items()},
            },
        )
    for (principle, band), texts in data.NEXT_STEPS.items():
        SuggestedStep.objects.update_or_create(principle=principle, band=band, defaults={"texts": texts})


def unload(apps, schema_editor):
    apps.get_model("assessment", "SuggestedStep").objects.all().delete()
    Instrument = apps.get_model("assessment", "Instrument")
    apps.get_model("assessment", "Statement").objects.filter(instrument__version=1).delete()
    Instrument.objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
