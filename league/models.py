"""Accounts and roles: who a person is to the portal, and where they may look."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from league.collation import UKRAINIAN


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. Its role and scope are data, assigned by an administrator."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        STAFF = "staff", _("NGO staff")
        WORKER = "worker", _("Community social worker")
        COUNCIL = "council", _("Council official")

    # Redeclared from AbstractUser for the Ukrainian alphabetical order.
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, db_collation=UKRAINIAN
    )
    last_name = models.CharField(_("last name"), max_length=150, blank=True, db_collation=UKRAINIAN)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Role.choices,
        blank=True,
        help_text=_("An account without a role can log in but open nothing."),
    )
    communities = models.ManyToManyField(
        "communities.Community",
        verbose_name=_("communities served"),
        related_name="social_workers",
        blank=True,
        help_text=_("For a community social worker: the communities whose data they keep."),
    )
    oblast = models.ForeignKey(
        "communities.Oblast",
        verbose_name=_("oblast"),
        related_name="council_officials",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("For a council official: the oblast whose aggregates they read."),
    )

    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    objects = PortalUserManager()
    # Who gave whom which role and communities, and when. Passwords stay out of it.
    history = HistoricalRecords(excluded_fields=["password"], m2m_fields=[communities])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="council") | Q(oblast__isnull=False),
                name="league_user_council_has_oblast",
                violation_error_message=_("A council official needs the oblast they read."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # The Django admin site is for administrators and NGO staff; the policy
        # module decides what each of them may do there.
        self.is_staff = self.role in {self.Role.ADMIN, self.Role.STAFF}
        self.is_superuser = self.role == self.Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            # A log-in stamps last_login; it is not a change to the account's history.
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                self.__dict__.pop("skip_history_when_saving", None)
            return
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:league_user_change", args=[self.pk])


class ContactDetails(models.Model):
    """Phone and email of an official or professional, stored only with their consent."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    consent_to_contacts = models.BooleanField(
        _("consents to storing phone and email"), default=False
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_to_contacts=True) | (Q(phone="") & Q(email="")),
                name="%(app_label)s_%(class)s_contacts_need_consent",
            ),
        ]

    def clean(self):
        super().clean()
        if (self.phone or self.email) and not self.consent_to_contacts:
            raise ValidationError(
                {"consent_to_contacts": _("Phone and email may be stored only with consent.")}
            )


class FormSubmission(models.Model):
    """A create form that was saved, by its one-time token: a second submit of the same
    form (a double click, a resent request) finds it and creates nothing."""

    token = models.UUIDField(_("form token"), unique=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(_("page of what was created"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self):
        return str(self.token)
