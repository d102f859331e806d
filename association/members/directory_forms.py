"""The directory's filters: a name to search for, a province and a field."""

from django import forms

from .models import PROVINCES, MembershipField

MAX_QUERY = 50


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label="单位名称", required=False, max_length=MAX_QUERY,
        widget=forms.SearchInput(attrs={"placeholder": "输入单位名称或简称"}),
    )  # fmt: skip
    province = forms.ChoiceField(
        label="省份", required=False, choices=[("", "全部省份"), *[(p, p) for p in PROVINCES]]
    )
    field = forms.ModelChoiceField(
        label="业务领域", required=False, queryset=MembershipField.objects.all(),
        empty_label="全部领域",
    )  # fmt: skip

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def has_filters(self):
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("q", "province", "field"))
