from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, Form
from core.widgets import DateInput

from .models import DocumentRequirement, StudentDocument


class DocumentRecordForm(Form):
    """A leader records a student's document: status, expiry date and optionally the file."""

    requirement = forms.ModelChoiceField(label=_("Document"), queryset=DocumentRequirement.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=StudentDocument.Status.choices)
    expires_on = DateField(label=_("Expires on"), required=False, widget=DateInput())
    file = forms.FileField(label=_("File (PDF, JPG or PNG, at most 10 MB)"), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = programme.document_requirements.all()


class DocumentUploadForm(Form):
    requirement = forms.ModelChoiceField(label=_("Document"), queryset=DocumentRequirement.objects.none())
    file = forms.FileField(label=_("File (PDF, JPG or PNG, at most 10 MB)"))

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = requirements
