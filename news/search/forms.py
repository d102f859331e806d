from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone


class SearchForm(forms.Form):
    """The search page's fields; a bad filter is reported and left out, never an error page."""

    q = forms.CharField(label="关键词", required=False)
    section = forms.ChoiceField(label="栏目", required=False)
    start = forms.DateField(
        label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label="排序", required=False, choices=[("", "按相关度"), ("date", "按时间(新的在前)")]
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {s.slug: s for s in sections}
        self.fields["section"].choices = [("", "全部栏目")] + [(s.slug, s.name) for s in sections]
        self.fields["start"].error_messages["invalid"] = "开始日期格式不对,请按 2018-03-08 填写。"
        self.fields["end"].error_messages["invalid"] = "结束日期格式不对,请按 2018-03-08 填写。"
        self.fields["section"].error_messages["invalid_choice"] = (
            "没有这个栏目,已在全部栏目中搜索。"
        )
        self.fields["sort"].error_messages["invalid_choice"] = "不支持这种排序,已按相关度排序。"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "结束日期早于开始日期,已忽略日期范围。")
            data.pop("start", None)
        return data

    def filters(self):
        """Section id and the date range as aware datetimes (end exclusive), from valid fields."""
        self.is_valid()
        data = self.cleaned_data
        section = self.sections.get(data.get("section") or "")
        start, end = data.get("start"), data.get("end")
        return {
            "section_id": section.pk if section else None,
            "start": timezone.make_aware(datetime.combine(start, time.min)) if start else None,
            "end": (
                timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
                if end
                else None
            ),
        }
