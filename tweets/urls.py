from django.urls import path

from . import pipeline_views

app_name = "tweets"

urlpatterns = [
    path("status/pipeline/", pipeline_views.status, name="pipeline_status"),
]
