from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save, pre_migrate
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class LeagueConfig(AppConfig):
    default = True  # apps.py also holds the AxesConfig below
    name = "league"
    verbose_name = _("League")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from league import checks  # noqa: F401 -- registers the deploy checks
        from league.middleware import stamp_activity_on_login

        user_logged_in.connect(stamp_activity_on_login, dispatch_uid="league_stamp_activity")

        from django.core.signals import request_finished
        from django.tasks.signals import task_finished

        from league.uploads import discard_uncommitted, keep_saved_files

        post_save.connect(keep_saved_files, dispatch_uid="league_keep_saved_files")
        request_finished.connect(discard_uncommitted, dispatch_uid="league_discard_uploads")
        # A background task has no request: its end is the worker's task_finished.
        task_finished.connect(discard_uncommitted, dispatch_uid="league_discard_task_uploads")

        from league.collation import create_before_migrate, register_on_sqlite

        connection_created.connect(register_on_sqlite, dispatch_uid="league_ukrainian_collation")
        pre_migrate.connect(
            create_before_migrate, sender=self, dispatch_uid="league_ukrainian_collation"
        )


class AxesConfig(AxesAppConfig):
    """django-axes under a Ukrainian name in the admin."""

    verbose_name = _("Log-in attempts")


class TasksConfig(TasksAppConfig):
    """django-tasks-db (the background tasks' results) under a Ukrainian name in the admin;
    its model's names («Task Result») are translated in our catalogue."""

    verbose_name = _("Background tasks")
