from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("students/<int:student_id>/messages/", views.student_messages, name="student_messages"),
]
