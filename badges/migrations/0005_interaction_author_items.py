from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("badges", "0004_drop_award_badge_level"),
    ]

    # The new index first: CREATE INDEX lets reads go on while it builds, and DROP INDEX (which
    # locks the table until the commit) comes last, just before the commit.
    operations = [
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                fields=["author_id", "created_at", "tweet_id", "partner_id"], name="interaction_author_items"
            ),
        ),
        migrations.RemoveIndex(model_name="interaction", name="interaction_author_time"),
    ]
