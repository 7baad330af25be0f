from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("students/<int:student_id>/messages/", views.student_messages, name="student_messages"),
]
