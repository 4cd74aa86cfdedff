"""Advocacy meetings and memoranda. Each view: method, capability, object through the
user's scope (outside it: 404), form, service, redirect with a message."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from league import access
from league.advocacy import selectors, services
from league.advocacy.forms import FollowUpForm, MeetingForm, MemorandumForm
from league.advocacy.models import AdvocacyMeeting
from league.forms import already_saved, repeat_of_a_create, repeat_of_a_saved_form, save_record_form
from league.once import Submission, create_once
from league.uploads import serve_file

PAGE_SIZE = 50


@require_safe
@access.requires("advocacy.view")
def meeting_list(request):
    meetings = selectors.meeting_list_for_user(request.user)
    outcome = request.GET.get("outcome", "")
    if outcome in AdvocacyMeeting.Outcome.values:
        meetings = meetings.filter(outcome=outcome)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "outcome": outcome,
        "outcomes": AdvocacyMeeting.Outcome.choices,
    }
    return render(request, "advocacy/meeting_list.html", context)


def _meeting_form_page(request, meeting: AdvocacyMeeting | None):
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        raion_id=request.GET.get("raion"),
    )
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():

        def save(meeting, version):
            return services.meeting_save(meeting=meeting, changed_by=request.user, version=version)

        message = _("The meeting is saved.")
        response, status = save_record_form(request, form, save, created=message, saved=message)
        if response:
            return response
    return render(
        request, "advocacy/meeting_form.html", {"form": form, "meeting": meeting}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("advocacy.edit")
def meeting_create(request):
    return _meeting_form_page(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("advocacy.edit")
def meeting_edit(request, pk):
    return _meeting_form_page(request, selectors.meeting_get_for_user(request.user, pk))


@require_safe
@access.requires("advocacy.view")
def meeting_detail(request, pk):
    meeting = selectors.meeting_get_for_user(request.user, pk)
    context = {"meeting": meeting, "follow_ups": meeting.follow_ups.all()}
    if access.has_perm(request.user, "advocacy.edit"):
        context["follow_up_form"] = FollowUpForm()
    return render(request, "advocacy/meeting_detail.html", context)


@require_POST
@access.requires("advocacy.edit")
def follow_up_add(request, pk):
    """A follow-up of the meeting, once per form: a second submit of the same form adds
    nothing and goes back to the meeting."""
    meeting = selectors.meeting_get_for_user(request.user, pk)
    if repeat := repeat_of_a_saved_form(request, meeting.get_absolute_url()):
        return repeat
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        # A page without its token says so; otherwise the fields were left empty.
        damaged = form.non_field_errors()
        messages.error(
            request, damaged[0] if damaged else _("Give what is to be done and by when.")
        )
        return redirect(meeting)
    data = dict(form.cleaned_data)
    follow_up, url = create_once(
        token=data.pop("form_token"),
        user=request.user,
        create=lambda: services.follow_up_add(meeting=meeting, changed_by=request.user, **data),
    )
    if follow_up is None:  # the same form, sent while the first was saving
        return already_saved(request, Submission(already_saved=True, url=url), url)
    messages.success(request, _("The follow-up is added."))
    return redirect(url)


@require_POST
@access.requires("advocacy.edit")
def follow_up_done(request, pk):
    follow_up = selectors.follow_up_get_for_user(request.user, pk)
    services.follow_up_mark_done(
        follow_up=follow_up, done_on=timezone.localdate(), changed_by=request.user
    )
    messages.success(request, _("The follow-up is marked done."))
    return redirect(follow_up.meeting)


@require_safe
@access.requires("advocacy.view")
def memorandum_list(request):
    memoranda = selectors.memorandum_list_for_user(request.user)
    return render(request, "advocacy/memorandum_list.html", {"memoranda": memoranda})


def _memorandum_form_page(request, memorandum):
    form = MemorandumForm(request.POST or None, request.FILES or None, instance=memorandum)
    if repeat := repeat_of_a_create(request, form):
        return repeat
    status = 200
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data.pop("document_upload")

        def save(memorandum, version):
            return services.memorandum_save(
                memorandum=memorandum, document=document, changed_by=request.user, version=version
            )

        message = _("The memorandum is saved.")
        response, status = save_record_form(
            request,
            form,
            save,
            created=message,
            saved=message,
            next_url=lambda memorandum: reverse("advocacy:memorandum_list"),
        )
        if response:
            return response
    return render(
        request,
        "advocacy/memorandum_form.html",
        {"form": form, "memorandum": memorandum},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("advocacy.edit")
def memorandum_create(request):
    return _memorandum_form_page(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("advocacy.edit")
def memorandum_edit(request, pk):
    return _memorandum_form_page(request, selectors.memorandum_get_for_user(request.user, pk))


@require_safe
@access.requires("advocacy.view")
def memorandum_document(request, pk):
    memorandum = selectors.memorandum_get_for_user(request.user, pk)
    if not memorandum.document:
        raise Http404
    return serve_file(memorandum.document, memorandum.document_name)
