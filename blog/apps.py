from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from members.signals import member_data_deleted

        from . import receivers
        from .models import Comment, Post

        post_delete.connect(receivers.on_post_deleted, sender=Post, dispatch_uid="blog.post_deleted")
        post_delete.connect(receivers.on_comment_deleted, sender=Comment, dispatch_uid="blog.comment_deleted")
        member_data_deleted.connect(receivers.on_member_data_deleted, dispatch_uid="blog.member_data_deleted")
