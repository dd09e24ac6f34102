from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("<int:pk>/", views.PartnershipDetailView.as_view(), name="partnership_detail"),
]
