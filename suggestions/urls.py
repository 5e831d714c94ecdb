from django.urls import path

from . import views

app_name = "suggestions"

urlpatterns = [
    path("mywe/suggestions/", views.page, name="page"),
    path("mywe/suggestions/<int:account_id>/dismiss/", views.dismiss, name="dismiss"),
    path("mywe/suggestions/opt-out/", views.opt_out, name="opt_out"),
]
