from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from gentintl import api, profile, saved_views, views
from partnerships.feeds import calendar_feed

# The read API (gentintl/api.py); each app adds its endpoints under its own path.
api_patterns = [
    path(
        "",
        api.RootView.as_view(
            endpoints={
                "partnerships": "partnership_list",
                "agreements": "agreement_list",
                "activities": "activity_list",
                "organisations": "organisation_list",
                "contacts": "contact_list",
                "networks": "network_list",
                "eu_projects": "euproject_list",
                "press_releases": "pressrelease_list",
            }
        ),
        name="root",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("partnerships/", include("partnerships.api")),
    path("pressroom/", include("pressroom.api")),
]

# Single sign-on (README, "Single sign-on"): only with a provider configured. Logging out
# then also ends the provider's session (gentintl.sso.provider_logout_url).
if settings.OIDC_ENABLED:
    from mozilla_django_oidc import views as oidc

    sso_patterns = [
        path(
            "oidc/authenticate/",
            login_not_required(oidc.OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
        path(
            "oidc/callback/",
            login_not_required(oidc.OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
    ]
    logout_view = login_not_required(oidc.OIDCLogoutView.as_view())
else:
    sso_patterns = []
    logout_view = auth_views.LogoutView.as_view()

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Accounts are managed by the administrator (or the city's identity provider): no
    # self-service password reset by e-mail.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(extra_context={"sso": settings.OIDC_ENABLED}),
        name="login",
    ),
    path("accounts/logout/", logout_view, name="logout"),
    *sso_patterns,
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/profile/", profile.ProfileView.as_view(), name="profile"),
    path("views/", saved_views.SavedViewListView.as_view(), name="savedview_list"),
    path("views/save/", saved_views.SavedViewCreateView.as_view(), name="savedview_create"),
    path("views/<int:pk>/", saved_views.SavedViewChangeView.as_view(), name="savedview_change"),
    path(
        "views/<int:pk>/delete/",
        saved_views.SavedViewDeleteView.as_view(),
        name="savedview_delete",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("reports/", views.ReportIndexView.as_view(), name="report_index"),
    path("reports/<int:year>/", views.ReportView.as_view(), name="report"),
    path("reports/<int:year>/pdf/", views.ReportPDFView.as_view(), name="report_pdf"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    # The language switch is also on the login page, before anyone is logged in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("partnerships/", include("partnerships.urls")),
    path("pressroom/", include("pressroom.urls")),
    path("api/", include((api_patterns, "api"))),
]
handler403 = "gentintl.audit.permission_denied"
