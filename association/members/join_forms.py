"""The public join form (入会申请): company details, contact person, level, fields, and the
two documents, judged by content and kept for the retry when something else is wrong."""

import re

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict

from association.web.uploads import judge_upload

from . import staging
from .models import Member, MembershipApplication, MembershipLevel

DOCUMENT_KINDS = {"pdf", "image"}
DOCUMENT_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"
MOBILE = re.compile(r"^[0-9+\-() ]{7,20}$")


class ChineseCaptchaInput(CaptchaTextInput):
    template_name = "members/captcha.html"


class ApplicationForm(forms.ModelForm):
    website = forms.URLField(
        label="网站", required=False, assume_scheme="https", max_length=200,
        error_messages={"invalid": "请填写正确的网址,如 https://www.example.com/。"},
    )  # fmt: skip
    licence = forms.FileField(
        label="营业执照", required=False,
        help_text="PDF 或图片(JPEG、PNG、WebP),最大 10 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )  # fmt: skip
    application_form = forms.FileField(
        label="盖章的入会申请表", required=False,
        help_text="下载申请表填写、盖章后扫描或拍照上传;PDF 或图片,最大 10 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )  # fmt: skip
    staged = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot (FormGuard.honeypot): hidden from people by CSS and from screen readers.
    fax_number = forms.CharField(
        label="传真(请留空)", required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip
    DOCUMENTS = ("licence", "application_form")

    class Meta:
        model = MembershipApplication
        fields = [
            "name", "short_name", "name_en", "province", "city", "address", "website",
            "introduction", "products", "level", "fields", "contact_person", "contact_title",
            "contact_mobile", "contact_email",
        ]  # fmt: skip
        widgets = {
            "fields": forms.CheckboxSelectMultiple,
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "products": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": "与营业执照上的名称一致。",
            "introduction": "主要业务、规模等,2000 字以内。",
            "products": "每行一项。",
            "contact_mobile": "审核时可能电话联系。",
            "contact_email": "审核结果会发到这个邮箱。",
        }

    def __init__(self, *args, captcha=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = MembershipLevel.objects.all()
        self.fields["level"].empty_label = "请选择"
        self.fields["province"].choices = [("", "请选择"), *self.fields["province"].choices[1:]]
        for name, field in self.fields.items():
            verb = "选择" if name in ("province", "level") else "填写"
            field.error_messages["required"] = f"请{verb}{field.label}。"
        self.fields["fields"].error_messages["required"] = "请至少选择一个业务领域。"
        if captcha:
            self.add_captcha()
        # Documents accepted earlier: from the token, or checked now (filled in clean_*).
        token = self.data.get(self.add_prefix("staged")) if self.is_bound else None
        self.kept = staging.read_token(token)

    def add_captcha(self):
        """Ask for the CAPTCHA (also on a form already checked: the next try needs it)."""
        self.fields["captcha"] = CaptchaField(
            label="验证码", widget=ChineseCaptchaInput(),
            help_text="提交次数较多,请输入图片中的字母(不区分大小写)。",
            error_messages={"invalid": "验证码不正确,请看新的图片重新输入。",
                            "required": "请输入验证码。"},
        )  # fmt: skip

    def refuse(self, message):
        """Show message without checking anything (over the rate limit): nothing is stored."""
        self._errors = ErrorDict({NON_FIELD_ERRORS: self.error_class([message])})

    def clean_contact_mobile(self):
        mobile = self.cleaned_data["contact_mobile"].strip()
        if not MOBILE.match(mobile):
            raise ValidationError("请填写正确的手机或电话号码(7 到 20 位数字)。")
        return mobile

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Member.objects.filter(name=name).exists():
            raise ValidationError("这家单位已经是会员单位,无需再次申请。")
        pending = MembershipApplication.objects.filter(
            name=name, status=MembershipApplication.Status.PENDING
        )
        if pending.exists():
            raise ValidationError("这家单位已有一份待审核的申请,请耐心等待审核结果。")
        return name

    def _clean_document(self, field):
        upload = self.cleaned_data.get(field)
        if upload:
            judge_upload(upload, DOCUMENT_KINDS, settings.MEMBERS_UPLOAD_MAX_BYTES)
            self.kept[field] = staging.stage(upload)  # kept even if another field is wrong
        elif field not in self.kept:
            raise ValidationError(f"请上传{self.fields[field].label}(PDF 或图片)。")
        return upload

    def clean_licence(self):
        return self._clean_document("licence")

    def clean_application_form(self):
        return self._clean_document("application_form")

    def kept_token(self):
        """The hidden value that brings the accepted documents to the next submission."""
        return staging.token_for(self.kept) if self.kept else ""

    @property
    def kept_licence(self):
        return self.kept.get("licence", ("", ""))[1]

    @property
    def kept_application_form(self):
        return self.kept.get("application_form", ("", ""))[1]

    def save(self, commit=True):
        application = super().save(commit=False)
        for field in self.DOCUMENTS:
            staging.keep(getattr(application, field), self.kept[field][0])
        if commit:
            application.save()
            self.save_m2m()
        return application
