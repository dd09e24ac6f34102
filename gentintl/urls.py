from django.contrib import admin
from django.urls import include, path

from gentintl import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("partnerships/", include("partnerships.urls")),
    path("pressroom/", include("pressroom.urls")),
]
handler403 = "gentintl.audit.permission_denied"
