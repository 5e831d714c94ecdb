from django.urls import path

from . import views

app_name = "badges"

urlpatterns = [
    path("", views.badge_list, name="list"),
    path("<slug:slug>/", views.badge_detail, name="detail"),
]
