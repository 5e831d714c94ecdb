from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did"),
    path("credentials/issuer/", views.issuer_page, name="issuer"),
    path("credentials/issuer.json", views.issuer_json, name="issuer_json"),
    path("credentials/issuer.png", views.issuer_png, name="issuer_png"),
    path("credentials/verify/", views.verify, name="verify"),
    path("credentials/status/<int:number>.json", views.status_list, name="status_list"),
    path("credentials/badges/<slug:slug>/<int:level>/", views.badge_class, name="badge_class"),
    path("credentials/badges/<slug:slug>/<int:level>.json", views.badge_class_json, name="badge_class_json"),
    path("credentials/badges/<slug:slug>/<int:level>.png", views.badge_class_png, name="badge_class_png"),
    path("credentials/u/<str:handle>/<slug:slug>/", views.portfolio, name="portfolio"),
    path("credentials/<uuid:public_id>/", views.credential, name="credential"),
    path("credentials/<uuid:public_id>.json", views.assertion_json, name="assertion_json"),
    path("credentials/<uuid:public_id>/badge.png", views.baked_png, name="baked_png"),
    path("credentials/<uuid:public_id>/credential.json", views.credential_json, name="credential_json"),
    path("credentials/<uuid:public_id>/credential.svg", views.credential_svg, name="credential_svg"),
    path("credentials/<uuid:public_id>/credential.png", views.credential_png, name="credential_png"),
]
