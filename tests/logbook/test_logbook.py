"""The student keeps a logbook of observations with photos stripped of their location; the supervisor
comments; whoever sees the placement reads it; the photos reach only them, and go with the student's data."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audit.models import AuditEntry
from logbook.models import LogbookComment, LogbookEntry
from logbook.services import logbook_comment_add, logbook_entry_create
from privacy import services as privacy_services

pytestmark = pytest.mark.django_db


def photo_with_gps(name="waalkade.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"
    exif[0x8825] = {1: "N", 2: (51.0, 50.0, 48.0), 3: "E", 4: (5.0, 51.0, 47.0)}  # the Waalkade, Nijmegen
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "steelblue").save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def add(world, photo=None, placement=None, day=date(2026, 11, 20)):
    placement = placement or world.placement
    return logbook_entry_create(
        placement=placement,
        day=day,
        place="Waalkade bij de Lindenberg",
        text="Druk op het terras, looprichting werd niet gevolgd.",
        photo=photo,
        actor=placement.student.user,
    )


def test_a_photo_is_stored_without_its_location_data(world, today):
    upload = photo_with_gps()
    assert b"Telefoonmerk" in upload.read()
    entry = add(world, photo=photo_with_gps())
    stored = entry.photo.open("rb").read()
    entry.photo.close()
    assert b"Exif" not in stored and b"Telefoonmerk" not in stored
    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {} and image.size == (64, 48)
    assert entry.photo.name.startswith("logbook/") and "waalkade" not in entry.photo.name
    assert AuditEntry.objects.filter(action="logbook_entry.created").exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.jpg", b"%PDF-1.7 not a photo"),
        SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),  # a damaged PNG
    ],
)
def test_anything_but_a_sound_jpeg_or_png_is_refused(world, today, upload):
    with pytest.raises(ValidationError, match="Only JPG and PNG"):
        add(world, photo=upload)
    assert not LogbookEntry.objects.exists()


@pytest.mark.parametrize("day", [date(2026, 11, 24), date(2026, 7, 31)])
def test_a_date_in_the_future_or_outside_the_placement_is_refused(world, today, day):
    with pytest.raises(ValidationError):
        add(world, day=day)


def test_the_student_writes_the_supervisor_comments_and_the_leader_reads(client, world, today):
    url = reverse("logbook:placement_logbook", args=[world.placement.public_id])
    client.force_login(world.student)
    form = {"date": "2026-11-21", "place": "Plein 1944", "text": "Jongeren bij de fontein.", "photo": photo_with_gps()}
    assert client.post(url, form).status_code == 302
    entry = LogbookEntry.objects.get()
    client.force_login(world.supervisor)
    page = client.get(url).content.decode()
    assert "Jongeren bij de fontein." in page and "Add comment" in page
    client.post(reverse("logbook:entry_comment", args=[entry.public_id]), {"text": "Goed gezien, noteer ook het weer."})
    client.force_login(world.leader)
    page = client.get(url).content.decode()
    assert "noteer ook het weer" in page and "Add comment" not in page
    detail = client.get(reverse("placements:placement_detail", args=[world.placement.public_id])).content.decode()
    assert "1 observation, the latest on" in detail
    photo = client.get(reverse("logbook:entry_photo", args=[entry.public_id]))
    # Last: closing a FileResponse (it holds its file open until closed) ends the request and its connection.
    photo.close()
    assert photo["Content-Type"] == "image/jpeg" and photo["Cache-Control"] == "private, no-store"


def test_only_the_student_writes_and_only_the_supervisor_comments(client, world, today):
    entry = add(world)
    url = reverse("logbook:placement_logbook", args=[world.placement.public_id])
    for persona in ("supervisor", "leader"):
        client.force_login(getattr(world, persona))
        assert client.post(url, {"date": "2026-11-21", "place": "x", "text": "y"}).status_code == 403
        assert client.post(reverse("logbook:entry_delete", args=[entry.public_id])).status_code == 403
    for persona in ("student", "leader"):
        client.force_login(getattr(world, persona))
        assert client.post(reverse("logbook:entry_comment", args=[entry.public_id]), {"text": "z"}).status_code == 403
    for persona in ("other_student", "other_supervisor", "other_leader"):
        client.force_login(getattr(world, persona))
        assert client.get(url).status_code == 404
        assert client.get(reverse("logbook:entry_photo", args=[entry.public_id])).status_code == 404
    assert LogbookEntry.objects.count() == 1 and not LogbookComment.objects.exists()


def test_the_student_removes_an_observation_with_its_photo(client, world, today, django_capture_on_commit_callbacks):
    entry = add(world, photo=photo_with_gps())
    storage, name = entry.photo.storage, entry.photo.name
    client.force_login(world.student)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("logbook:entry_delete", args=[entry.public_id]))
    assert not LogbookEntry.objects.exists() and not storage.exists(name)


def test_export_and_erasure_cover_the_logbook(world, today, django_capture_on_commit_callbacks):
    entry = add(world, photo=photo_with_gps())
    logbook_comment_add(entry=entry, text="Mooi beschreven", actor=world.supervisor)
    student_data = privacy_services.personal_data_export(user=world.student)
    assert student_data["logbook"][0]["place"] == "Waalkade bij de Lindenberg"
    assert student_data["logbook"][0]["comments"] == ["Mooi beschreven"]
    assert privacy_services.personal_data_export(user=world.supervisor)["logbook_comments"][0]["comment"] == (
        "Mooi beschreven"
    )
    storage, name = entry.photo.storage, entry.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        privacy_services.person_erase(user=world.student, actor=world.admin)
    assert not LogbookEntry.objects.exists() and not storage.exists(name)


def test_retention_removes_the_logbook_of_a_programme_long_ended(world, today, django_capture_on_commit_callbacks):
    entry = add(world, placement=world.other_placement, photo=photo_with_gps())
    storage, name = entry.photo.storage, entry.photo.name
    programme = world.other_programme
    programme.start_date, programme.end_date, programme.retention_months = date(2023, 2, 1), date(2024, 1, 31), 12
    programme.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert privacy_services.retention_anonymise(today=date(2026, 11, 23)) >= 1
    assert not LogbookEntry.objects.exists() and not storage.exists(name)


@pytest.mark.parametrize("persona", ["student", "supervisor"])
def test_logbook_page_query_count_does_not_grow_with_entries(
    client, world, today, django_assert_max_num_queries, persona
):
    url = reverse("logbook:placement_logbook", args=[world.placement.public_id])
    client.force_login(getattr(world, persona))
    add(world)
    # session, user with roles, placement with its people, entries, their comments with authors
    with django_assert_max_num_queries(6):
        small = client.get(url)
    for i in range(8):
        entry = add(world, day=date(2026, 10, 1 + i))
        logbook_comment_add(entry=entry, text=f"Opmerking {i}", actor=world.supervisor)
    with django_assert_max_num_queries(6):
        large = client.get(url)
    assert len(large.content) > len(small.content)
