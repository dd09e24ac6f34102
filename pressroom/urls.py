from django.urls import path

from pressroom import views

app_name = "pressroom"
urlpatterns = [
    path("press-releases/", views.PressReleaseListView.as_view(), name="pressrelease_list"),
    path(
        "press-releases/export/",
        views.PressReleaseExportView.as_view(),
        name="pressrelease_export",
    ),
    path(
        "press-releases/<int:number>-<slug:slug>/",
        views.PressReleaseDetailView.as_view(),
        name="pressrelease_detail",
    ),
    path("topics/autocomplete/", views.TopicAutocompleteView.as_view(), name="topic_autocomplete"),
]
