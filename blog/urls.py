from django.urls import path

from . import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", feeds.PostsFeed(), name="feed"),
    path("new/", views.post_new, name="new"),
    path("mine/", views.my_posts, name="mine"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("<slug:slug>/", views.post_detail, name="post"),
    path("<slug:slug>/edit/", views.post_edit, name="edit"),
    path("<slug:slug>/submit/", views.post_submit, name="submit"),
    path("<slug:slug>/comments/", views.comment_create, name="comment"),
]
