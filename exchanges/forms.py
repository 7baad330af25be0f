from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EMPTY_CHOICE, DateField, Form, LineField
from core.widgets import DateInput
from organisations.models import Organisation, Unit
from programmes.models import Programme, Supervisor


class SlotForm(Form):
    """What the host offers: the day, the place, what the visitor will see and how many may come."""

    date = DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("Address or meeting point."))
    description = forms.CharField(
        label=_("What the visitor will see"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: join a case meeting in the morning, a district round in the afternoon."),
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)


class SlotCreateForm(SlotForm):
    programme = forms.ModelChoiceField(label=_("Exchange programme"), queryset=Programme.objects.none())
    unit = forms.ModelChoiceField(label=_("Host team"), queryset=Unit.objects.none())
    host = forms.ModelChoiceField(
        label=_("Host"),
        queryset=Supervisor.objects.none(),
        required=False,
        help_text=_("Who receives the visitors: a host of your organisation. Empty: you yourself."),
    )
    field_order = ["programme", "unit", "host", "date", "place", "description", "places"]

    def __init__(self, *args, programmes, units, hosts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["unit"].queryset = units
        if hosts is None or not hosts.exists():  # only a coordinator chooses the host
            del self.fields["host"]
        else:
            self.fields["host"].queryset = hosts
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0]
        if len(units) == 1:
            self.fields["unit"].initial = units[0]


class RequestForm(Form):
    message = forms.CharField(
        label=_("Why would you like to come?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences for the host: your work and what you hope to learn."),
    )


class DecisionForm(Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    message = forms.CharField(
        label=_("Message to the visitor"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: when and where to report, or why the day does not work out."),
    )


class WithdrawForm(Form):
    message = forms.CharField(
        label=_("Message to people who asked for this day"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SlotFilterForm(Form):
    day_from = DateField(label=_("From"), required=False, widget=DateInput(attrs={"class": "form-control"}))
    organisation = forms.ModelChoiceField(
        label=_("Host organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class UnitForm(Form):
    name = LineField(label=_("Team name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class HostInviteForm(Form):
    """A new host of the coordinator's organisation: invited by e-mail with a supervisor profile in a team."""

    name = LineField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    unit = forms.ModelChoiceField(label=_("Team"), queryset=Unit.objects.none())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("name")
        self.fields["unit"].choices = [("", EMPTY_CHOICE)] + [(unit.pk, unit.name) for unit in units]
