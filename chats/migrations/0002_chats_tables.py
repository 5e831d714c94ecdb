"""The tweetchat tables take this app's names (the hosts table follows its model), and the
admin's permissions and history follow the models to this app."""

from django.db import migrations


def move_content_types(apps, schema_editor, old="tweets", new="chats"):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in ("tweetchat", "chattweet"):
        # A database migrated before contenttypes ever ran has no row to move.
        content_type.objects.using(schema_editor.connection.alias).filter(app_label=old, model=model).update(
            app_label=new
        )


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="chats", new="tweets")


class Migration(migrations.Migration):

    dependencies = [
        ('chats', '0001_initial'),
        ('tweets', '0003_chats_leave_the_archive'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(name='tweetchat', table=None),
        migrations.AlterModelTable(name='chattweet', table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
