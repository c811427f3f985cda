from django.db import migrations

NEWSLETTERS = [
    {
        "slug": "weekly-briefing",
        "name": "Weekly briefing",
        "description": "The week's analysis in one email, on the topics you follow.",
        "default": True,
        "new_articles": False,
        "position": 0,
    },
    {
        "slug": "every-new-analysis",
        "name": "Every new analysis",
        "description": "Each new article as soon as it is published.",
        "default": False,
        "new_articles": True,
        "position": 1,
    },
]


def create(apps, schema_editor):
    Newsletter = apps.get_model("newsletter", "Newsletter")
    for fields in NEWSLETTERS:
        Newsletter.objects.get_or_create(slug=fields["slug"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
