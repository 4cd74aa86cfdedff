from django.urls import path

from communities import views
from communities.plans import urls as plan_urls

app_name = "communities"
urlpatterns = [
    path("", views.community_list, name="list"),
    path("search/", views.community_search, name="search"),
    path("<int:pk>/", views.community_detail, name="detail"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_update, name="contact_update"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
]
urlpatterns += plan_urls.urlpatterns  # plans, programmes, contracts
