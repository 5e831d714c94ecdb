from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("badges", "0004_drop_award_badge_level"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="interaction", name="interaction_author_time"),
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                fields=["author_id", "created_at", "tweet_id", "partner_id"], name="interaction_author_items"
            ),
        ),
    ]
