from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat

# Our baked badges weigh about 30 KB; anything much larger is not one of them.
MAX_UPLOAD = 512 * 1024


class VerifyForm(forms.Form):
    url = forms.CharField(
        label="The credential's address",
        required=False,
        max_length=500,
        help_text="An address of a credential of this site, such as https://…/credentials/…",
    )
    file = forms.FileField(
        label="Or a badge file",
        required=False,
        help_text=f"A baked badge image (PNG or SVG) or a credential (JSON), up to {filesizeformat(MAX_UPLOAD)}.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}: we check files up to {filesizeformat(MAX_UPLOAD)}."
            )
        return upload

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("url") and data.get("file"):
            raise forms.ValidationError("Give the credential's address or a file, not both.")
        if not data.get("url") and not data.get("file"):
            raise forms.ValidationError("Give the credential's address, or choose a badge file to upload.")
        return data
