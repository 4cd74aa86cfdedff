from django.urls import reverse

from league.advocacy.models import AdvocacyMeeting


def test_the_admin_saves_a_meeting_through_the_service(client_for, cast):
    response = client_for("staff").post(
        reverse("admin:advocacy_advocacymeeting_add"),
        {
            "oblast": cast.oblast.pk,
            "level": "raion",
            "raion": cast.raion.pk,
            "community": cast.community_a.pk,
            "date": "2017-05-05",
            "participants": "Районна рада",
            "topic": "Програма",
            "ask": "Кошти",
            "outcome": "promise",
            "follow_ups-TOTAL_FORMS": "0",
            "follow_ups-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    meeting = AdvocacyMeeting.objects.get()
    # A raion-level meeting keeps no community: the service cleared it.
    assert (meeting.raion, meeting.community) == (cast.raion, None)
    assert meeting.history.get().history_user == cast.staff
