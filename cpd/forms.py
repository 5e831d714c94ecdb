"""Forms of the CPD pages. Hours are entered as decimal hours (as the regulators' templates
ask) and stored as minutes."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from . import confidentiality
from .models import Entry, Profile, Reflection
from .rules import Method, Theme, hours_text

HOURS = {"min_value": Decimal("0"), "max_value": Decimal("1000"), "decimal_places": 2, "max_digits": 6}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["register", "renewal_date"]
        labels = {"register": "Your register", "renewal_date": "Your next renewal date"}
        widgets = {"renewal_date": DateInput()}
        help_texts = {"renewal_date": "Your revalidation window is the years up to this date."}


class EntryForm(forms.ModelForm):
    hours = forms.DecimalField(label="Number of hours", **HOURS, widget=forms.NumberInput(attrs={"step": "0.25"}))
    participatory_hours = forms.DecimalField(
        label="Of which participatory", **HOURS, widget=forms.NumberInput(attrs={"step": "0.25"}),
        help_text="Learning that involved interacting with other professionals.",
    )
    themes = forms.MultipleChoiceField(
        label="Parts of the Code it relates to", choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Entry
        fields = ["method", "title", "description", "start_date", "end_date", "themes", "evidence"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {"method": "CPD method", "start_date": "Date"}
        help_texts = {
            "evidence": "A link or where you keep it (certificate, notes).",
            "description": "Do not include anything that could identify a patient, service user or colleague.",
        }

    def __init__(self, *args, tweetchat: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("hours", hours_text(self.instance.minutes))
            self.initial.setdefault("participatory_hours", hours_text(self.instance.participatory_minutes))
        if tweetchat:
            # The method of a chat joined is the archive's fact, not a choice.
            self.fields["method"].choices = [(Method.TWEETCHAT.value, Method.TWEETCHAT.label)]
        else:
            self.fields["method"].choices = [(m.value, m.label) for m in Method if m != Method.TWEETCHAT]

    def clean(self) -> dict:
        data = super().clean()
        hours, part = data.get("hours"), data.get("participatory_hours")
        if hours is not None and hours <= 0:
            self.add_error("hours", "Enter the time it took, more than 0 hours.")
        if hours is not None and part is not None and part > hours:
            self.add_error("participatory_hours", "Participatory hours cannot be more than the hours.")
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date comes before the date.")
        return data

    def entry_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields["minutes"] = round(data["hours"] * 60)
        fields["participatory_minutes"] = round(data["participatory_hours"] * 60)
        return fields

    def save(self, commit: bool = True) -> Entry:
        entry = super().save(commit=False)
        for name, value in self.entry_fields().items():
            setattr(entry, name, value)
        if commit:
            entry.save()
        return entry


class ReadForm(forms.Form):
    minutes = forms.IntegerField(label="Minutes spent reading", min_value=5, max_value=600, initial=30)


class ReflectionForm(forms.ModelForm):
    """Warns, before saving, when the text may identify someone; the member confirms past the
    warning (for exactly the findings shown: a new one asks again)."""

    themes = forms.MultipleChoiceField(
        label="Themes of the Code", choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirmed = forms.BooleanField(
        required=False, label="I have checked: nothing here identifies a patient, service user or colleague."
    )
    checked = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Reflection
        fields = ["nature", "learned", "changed", "relevance", "themes"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in ["nature", "learned", "changed", "relevance"]}

    def __init__(self, *args, names: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names or []
        self.findings: list[confidentiality.Finding] = []
        self.findings_digest = ""
        self.fields["nature"].widget.attrs["rows"] = 12

    def clean(self) -> dict:
        data = super().clean()
        text = "\n".join(data.get(name) or "" for name in ["nature", "learned", "changed", "relevance"])
        self.findings = confidentiality.check(text, self.names)
        self.findings_digest = confidentiality.digest(self.findings)
        if self.findings and not (data.get("confirmed") and data.get("checked") == self.findings_digest):
            raise forms.ValidationError(
                "This may identify someone. Rewrite it, or confirm that it does not.", code="confidentiality"
            )
        return data

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.findings) and any(e.code == "confidentiality" for e in self.non_field_errors().as_data())
