"""The one registration form (an event's 报名, a notice's 回执): the registrant, further
attendees, the event's (or 回执's) own extra questions, a honeypot and, near the rate limit, a
CAPTCHA. Messages are in Chinese."""

import re

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from association.members.lookup import find_member

from .models import NoticeReply, Question, Registration
from .services import duplicate_message

MOBILE = re.compile(r"^1[3-9]\d{9}$")
TAX_NUMBER = re.compile(r"^[0-9A-Z]{15,20}$")  # 统一社会信用代码 (18) or an older 税号 (15/20)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MOBILE_ERROR = "请填写正确的手机号码:11 位数字,以 1 开头(如 13812345678)。"


def clean_mobile(value, required=True):
    """13812345678 from '138 1234 5678', '+86 138-1234-5678' and the like."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits and not required:
        return ""
    if not MOBILE.match(digits):
        raise ValidationError(MOBILE_ERROR)
    return digits


def plain_text(value):
    if CONTROL.search(value or ""):
        raise ValidationError("内容中有无法识别的控制字符,请删除后再提交。")
    return value


class CaptchaInput(CaptchaTextInput):
    template_name = "events/captcha.html"


class RegistrationForm(forms.ModelForm):
    # The honeypot (settings of the form guard): hidden from people and from screen readers.
    fax_number = forms.CharField(
        label="传真(请留空)", required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip
    mobile = forms.CharField(
        label="手机", max_length=20,  # spaces, dashes and +86 are allowed, then dropped
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    is_member = forms.TypedChoiceField(
        label="是否会员单位", choices=[("1", "是"), ("0", "否")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, initial="0",
        error_messages={"required": "请选择是否为协会会员单位。"},
    )  # fmt: skip
    member_code = forms.CharField(
        label="会员编号(选填)", max_length=20, required=False,
        help_text="会员单位按单位全称或会员编号认定,享受会员价。",
    )  # fmt: skip

    class Meta:
        model = Registration
        fields = [
            "organisation", "name", "title", "mobile", "email", "is_member",
            "invoice_title", "tax_number", "remarks",
        ]  # fmt: skip
        widgets = {
            "remarks": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        error_messages = {
            "email": {"invalid": "请填写正确的电子邮箱地址,如 name@example.com。"},
        }

    def __init__(self, *args, event, captcha=False, **kwargs):
        # event: an Event, or a NoticeReply (a notice's 回执), the same questions either way
        super().__init__(*args, **kwargs)
        self.event = event
        self.questions = list(event.questions.all())
        for question in self.questions:
            self.fields[f"q{question.pk}"] = question_field(question)
        if captcha:
            self.add_captcha()
        chinese_messages(self.fields)

    def add_captcha(self):
        self.fields["captcha"] = CaptchaField(
            label="验证码", widget=CaptchaInput,
            help_text="提交次数较多,请输入图片中的字母。",
            error_messages={"invalid": "验证码不正确,请重新输入图片中的字母。",
                            "required": "请输入验证码。"},
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    plain_text(value)
                except ValidationError as error:
                    self.add_error(name, error)
        if data.get("invoice_title") and not data.get("tax_number"):
            self.add_error("tax_number", "开具发票需要填写税号(统一社会信用代码)。")
        self._recognise_member(data)
        return data

    def _recognise_member(self, data):
        """The member price goes to a company the directory knows, by its code or its name."""
        code = (data.get("member_code") or "").strip()
        member = find_member(data.get("organisation", ""), code)
        data["member"] = member
        if member is not None:
            data["is_member"] = True
        elif code:
            self.add_error("member_code", "没有这个会员编号,请核对;不知道编号可以只填单位全称。")
        # A company that says it is a member but is not found keeps the member price; the
        # registration shows no recognised member, so the secretariat can check it.

    def clean_mobile(self):
        mobile = clean_mobile(self.cleaned_data.get("mobile"))
        target = "reply" if isinstance(self.event, NoticeReply) else "event"
        duplicate = Registration.objects.active().filter(
            **{target: self.event}, mobile=mobile, anonymised_at__isnull=True
        )
        if duplicate.exists():
            raise ValidationError(duplicate_message(self.event))
        return mobile

    def clean_tax_number(self):
        value = re.sub(r"\s", "", self.cleaned_data.get("tax_number", "")).upper()
        if value and not TAX_NUMBER.match(value):
            raise ValidationError("税号应为 15 至 20 位数字或大写字母(统一社会信用代码为 18 位)。")
        return value

    def question_fields(self):
        return [self[f"q{question.pk}"] for question in self.questions]

    def answers(self):
        """{question: answer} with multiple choices joined by 、 (what exports show)."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if isinstance(value, list):
                value = "、".join(value)
            result[question.label] = value or ""
        return result


def chinese_messages(fields):
    """Messages naming the field ("请填写姓名。"), clearer than Django's generic ones."""
    for field in fields.values():
        field.error_messages.setdefault("required", f"请填写{field.label}。")
        field.error_messages["required"] = (
            field.error_messages["required"]
            if field.error_messages["required"].startswith("请")
            else f"请填写{field.label}。"
        )
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = (
                f"{field.label}最多 %(limit_value)d 个字,现在有 %(show_value)d 个。"
            )


def question_field(question):
    common = {"label": question.label, "required": question.required}
    if question.kind == Question.Kind.TEXT:
        return forms.CharField(max_length=500, validators=[plain_text], **common)
    choices = [(choice, choice) for choice in question.choice_list()]
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(
            choices=choices, widget=forms.RadioSelect, **common,
            error_messages={"invalid_choice": "请从给出的选项中选择。"},
        )  # fmt: skip
    return forms.MultipleChoiceField(
        choices=choices, widget=forms.CheckboxSelectMultiple, **common,
        error_messages={"invalid_choice": "请从给出的选项中选择。"},
    )  # fmt: skip


class AttendeeForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30, required=False, validators=[plain_text])
    title = forms.CharField(label="职务", max_length=50, required=False, validators=[plain_text])
    mobile = forms.CharField(label="手机", max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chinese_messages(self.fields)

    def clean_mobile(self):
        return clean_mobile(self.cleaned_data.get("mobile"), required=False)

    def clean(self):
        data = super().clean()
        if (data.get("title") or data.get("mobile")) and not data.get("name"):
            self.add_error("name", "请填写这位参会人员的姓名。")
        return data


class BaseAttendeeFormSet(forms.BaseFormSet):
    def people(self):
        """The filled-in rows (empty rows are the spare ones)."""
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("name")]


def attendee_formset(data=None):
    formset = forms.formset_factory(
        AttendeeForm, formset=BaseAttendeeFormSet, extra=3,
        max_num=settings.EVENTS_MAX_ATTENDEES, validate_max=True, absolute_max=50,
    )  # fmt: skip
    return formset(data, prefix="attendee")
