from django.urls import path

from pressroom import views

app_name = "pressroom"
urlpatterns = [
    path(
        "press-releases/<int:number>-<slug:slug>/",
        views.PressReleaseDetailView.as_view(),
        name="pressrelease_detail",
    ),
]
