from django.urls import path

from . import pipeline_views, views

app_name = "tweets"

urlpatterns = [
    path("", views.home, name="home"),
    path("status/pipeline/", pipeline_views.status, name="pipeline_status"),
]
