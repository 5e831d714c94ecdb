from django import forms


class DeleteDataForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that this deletes my data here and logs me out",
        error_messages={"required": "Tick the box to confirm that you want your data deleted."},
    )
