"""Tweetchat and ChatTweet now belong to the chats app (chats/migrations/0001_initial.py):
they leave this app's state; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tweets', '0002_quoted_retweeted_author_indexes'),
        ('chats', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name='tweetchat', name='tweets'),
                migrations.DeleteModel(name='ChatTweet'),
                migrations.DeleteModel(name='Tweetchat'),
            ]
        )
    ]
