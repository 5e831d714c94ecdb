from django.urls import path

from . import views

app_name = "cpd"

# Included before the dashboards' /mywe/<badge>/ so that "cpd" is never read as a badge.
urlpatterns = [
    path("mywe/cpd/", views.home, name="home"),
    path("mywe/cpd/settings/", views.profile, name="profile"),
    path("mywe/cpd/new/", views.new, name="new"),
    path("mywe/cpd/log.csv", views.log_csv, name="log_csv"),
    path("mywe/cpd/log.pdf", views.log_pdf, name="log_pdf"),
    path("mywe/cpd/chats/<int:chat_id>/", views.review, name="review"),
    path("mywe/cpd/chats/<int:chat_id>/accept/", views.accept, name="accept"),
    path("mywe/cpd/chats/<int:chat_id>/dismiss/", views.dismiss, name="dismiss"),
    path("mywe/cpd/chats/<int:chat_id>/restore/", views.restore, name="restore"),
    path("mywe/cpd/chats/<int:chat_id>/read/", views.read, name="read"),
    path("mywe/cpd/<int:pk>/", views.edit, name="edit"),
    path("mywe/cpd/<int:pk>/delete/", views.delete, name="delete"),
    path("mywe/cpd/<int:entry_pk>/reflect/", views.reflect, name="reflect"),
    path("mywe/cpd/reflections/", views.reflection_list, name="reflections"),
    path("mywe/cpd/reflections.pdf", views.reflections_pdf, name="reflections_pdf"),
    path("mywe/cpd/reflections/<int:pk>/delete/", views.reflection_delete, name="reflection_delete"),
]
