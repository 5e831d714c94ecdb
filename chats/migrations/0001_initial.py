"""The tweetchat models leave the archive app for this one. State only: the tables, their rows,
indexes and constraints stay as they are (tweets_tweetchat, tweets_tweetchat_hosts,
tweets_chattweet); 0002 gives them this app's names."""

import django.db.models.deletion
from django.db import migrations, models


def _state():
    return [
        migrations.CreateModel(
            name='Tweetchat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.DateTimeField()),
                ('end', models.DateTimeField()),
                ('topic', models.CharField(max_length=200)),
                ('slug', models.SlugField(max_length=200)),
                ('description', models.TextField(blank=True)),
                ('questions', models.JSONField(blank=True, default=list, help_text='Ordered list of question texts')),
                ('status', models.CharField(choices=[('proposed', 'Proposed'), ('scheduled', 'Scheduled'), ('archived', 'Archived'), ('declined', 'Declined')], default='proposed', max_length=10)),
                ('decline_reason', models.TextField(blank=True)),
                ('proposer_name', models.CharField(blank=True, max_length=100)),
                ('proposer_handle', models.CharField(blank=True, max_length=50)),
                ('proposer_email', models.EmailField(blank=True, max_length=254)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chats', to='tweets.community')),
                ('hosts', models.ManyToManyField(blank=True, related_name='hosted_chats', to='tweets.account')),
            ],
            options={
                'ordering': ['start'],
                'db_table': 'tweets_tweetchat',
                'indexes': [
                    models.Index(fields=['community', 'start'], name='chat_community_start'),
                    models.Index(fields=['status', 'start'], name='chat_status_start'),
                ],
            },
        ),
        migrations.CreateModel(
            name='ChatTweet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('author_id', models.BigIntegerField()),
                ('chat', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='chats.tweetchat')),
                ('tweet', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='tweets.tweet')),
            ],
            options={
                'db_table': 'tweets_chattweet',
                'indexes': [models.Index(fields=['author_id', 'chat'], name='chattweet_author')],
                'constraints': [models.UniqueConstraint(fields=('chat', 'tweet'), name='chat_tweet_once')],
            },
        ),
        migrations.AddField(
            model_name='tweetchat',
            name='tweets',
            field=models.ManyToManyField(blank=True, related_name='chats', through='chats.ChatTweet', to='tweets.tweet'),
        ),
    ]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('tweets', '0002_quoted_retweeted_author_indexes'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=_state())]
