from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from gentintl import saved_views, views
from partnerships.feeds import calendar_feed

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Accounts are managed by the administrator: no self-service password reset by e-mail.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("views/", saved_views.SavedViewListView.as_view(), name="savedview_list"),
    path("views/save/", saved_views.SavedViewCreateView.as_view(), name="savedview_create"),
    path("views/<int:pk>/", saved_views.SavedViewChangeView.as_view(), name="savedview_change"),
    path(
        "views/<int:pk>/delete/",
        saved_views.SavedViewDeleteView.as_view(),
        name="savedview_delete",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    # The language switch is also on the login page, before anyone is logged in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("partnerships/", include("partnerships.urls")),
    path("pressroom/", include("pressroom.urls")),
]
handler403 = "gentintl.audit.permission_denied"
