from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.PartnershipListView.as_view(), name="partnership_list"),
    path("export/", views.PartnershipExportView.as_view(), name="partnership_export"),
    path("<int:pk>/", views.PartnershipDetailView.as_view(), name="partnership_detail"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/export/", views.AgreementExportView.as_view(), name="agreement_export"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/export/", views.ActivityExportView.as_view(), name="activity_export"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/export/",
        views.OrganisationExportView.as_view(),
        name="organisation_export",
    ),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("contacts/export/", views.ContactExportView.as_view(), name="contact_export"),
    path("contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path("networks/", views.NetworkListView.as_view(), name="network_list"),
    path("networks/export/", views.NetworkExportView.as_view(), name="network_export"),
    path("networks/<int:pk>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("eu-projects/", views.EUProjectListView.as_view(), name="euproject_list"),
    path("eu-projects/export/", views.EUProjectExportView.as_view(), name="euproject_export"),
    path("eu-projects/<int:pk>/", views.EUProjectDetailView.as_view(), name="euproject_detail"),
    path("cities/autocomplete/", views.CityAutocompleteView.as_view(), name="city_autocomplete"),
    path(
        "organisations/autocomplete/",
        views.OrganisationAutocompleteView.as_view(),
        name="organisation_autocomplete",
    ),
    path("themes/autocomplete/", views.ThemeAutocompleteView.as_view(), name="theme_autocomplete"),
    path(
        "networks/autocomplete/",
        views.NetworkAutocompleteView.as_view(),
        name="network_autocomplete",
    ),
]
