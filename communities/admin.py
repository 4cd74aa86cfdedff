from django.contrib import admin

from communities.models import Community, ContactPerson, FormerRaion, Oblast, Raion
from communities.plans import admin as plans_admin  # noqa: F401  (Django discovers only this module)
from league.admin_policy import PolicyAdmin


@admin.register(Oblast)
class OblastAdmin(PolicyAdmin):
    list_display = ["name", "katottg"]
    search_fields = ["name", "katottg"]


@admin.register(Raion)
class RaionAdmin(PolicyAdmin):
    list_display = ["name", "oblast"]
    list_filter = ["oblast"]
    search_fields = ["name"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Community)
class CommunityAdmin(PolicyAdmin):
    list_display = ["name", "type", "raion", "centre", "population", "katottg"]
    list_filter = ["type", "raion__oblast", "raion"]
    search_fields = ["name", "centre", "katottg"]
    list_select_related = ["raion"]
    inlines = [ContactPersonInline]


@admin.register(FormerRaion)
class FormerRaionAdmin(PolicyAdmin):
    list_display = ["name", "koatuu", "centre", "present_raion"]
    list_filter = ["present_raion"]
    search_fields = ["name", "koatuu"]
    autocomplete_fields = ["communities"]


@admin.register(ContactPerson)
class ContactPersonAdmin(PolicyAdmin):
    list_display = ["full_name", "position", "category", "community", "consent_to_contacts"]
    list_filter = ["category", "consent_to_contacts", "community__raion"]
    search_fields = ["full_name", "position", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
