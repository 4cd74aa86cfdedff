"""The register's admin saves through communities.services, as the pages and the imports
do; a contact person is saved against the version its row was loaded at."""

from django.contrib import admin

from communities import services
from communities.models import Community, ContactPerson, FormerRaion, Oblast, Raion
from communities.plans import admin as plans_admin  # noqa: F401  (Django discovers only this module)
from league.admin_policy import PolicyAdmin, PolicyInline, through


@admin.register(Oblast)
class OblastAdmin(PolicyAdmin):
    list_display = ["name", "katottg"]
    search_fields = ["name", "katottg"]

    @through(services.oblast_save)
    def service_create(self, request, obj, form):
        services.oblast_save(oblast=obj, changed_by=request.user)

    @through(services.oblast_save)
    def service_change(self, request, obj, form, *, version):
        services.oblast_save(oblast=obj, changed_by=request.user)


@admin.register(Raion)
class RaionAdmin(PolicyAdmin):
    list_display = ["name", "oblast"]
    list_filter = ["oblast"]
    search_fields = ["name"]

    @through(services.raion_save)
    def service_create(self, request, obj, form):
        services.raion_save(raion=obj, changed_by=request.user)

    @through(services.raion_save)
    def service_change(self, request, obj, form, *, version):
        services.raion_save(raion=obj, changed_by=request.user)


class ContactPersonInline(PolicyInline, admin.TabularInline):
    model = ContactPerson
    extra = 0

    @through(services.contact_save)
    def service_save(self, request, row, parent, *, version):
        services.contact_save(contact=row, changed_by=request.user, version=version)

    @through(services.contact_delete)
    def service_delete(self, request, row):
        services.contact_delete(contact=row, deleted_by=request.user)


@admin.register(Community)
class CommunityAdmin(PolicyAdmin):
    list_display = ["name", "type", "raion", "centre", "population", "katottg"]
    list_filter = ["type", "raion__oblast", "raion"]
    search_fields = ["name", "centre", "katottg"]
    list_select_related = ["raion"]
    inlines = [ContactPersonInline]

    @through(services.community_save)
    def service_create(self, request, obj, form):
        services.community_save(community=obj, changed_by=request.user)

    @through(services.community_save)
    def service_change(self, request, obj, form, *, version):
        services.community_save(community=obj, changed_by=request.user)


@admin.register(FormerRaion)
class FormerRaionAdmin(PolicyAdmin):
    list_display = ["name", "koatuu", "centre", "present_raion"]
    list_filter = ["present_raion"]
    search_fields = ["name", "koatuu"]
    autocomplete_fields = ["communities"]

    @through(services.former_raion_save)
    def service_create(self, request, obj, form):
        self._save(request, obj, form)

    @through(services.former_raion_save)
    def service_change(self, request, obj, form, *, version):
        self._save(request, obj, form)

    def _save(self, request, obj, form):
        services.former_raion_save(
            former_raion=obj,
            communities=form.cleaned_data["communities"],
            changed_by=request.user,
        )


@admin.register(ContactPerson)
class ContactPersonAdmin(PolicyAdmin):
    list_display = ["full_name", "position", "category", "community", "consent_to_contacts"]
    list_filter = ["category", "consent_to_contacts", "community__raion"]
    search_fields = ["full_name", "position", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]

    @through(services.contact_save)
    def service_create(self, request, obj, form):
        services.contact_save(contact=obj, changed_by=request.user)

    @through(services.contact_save)
    def service_change(self, request, obj, form, *, version):
        services.contact_save(contact=obj, changed_by=request.user, version=version)

    @through(services.contact_delete)
    def service_delete(self, request, obj):
        services.contact_delete(contact=obj, deleted_by=request.user)
