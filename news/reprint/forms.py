from django import forms

from ..models import Article, Section

MAX_DOCX_BYTES = 20 * 1024 * 1024
DATETIME_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M", "%Y/%m/%d"]


class ReprintSourceForm(forms.Form):
    """Step one: what the editor has — pasted text or HTML, a Word file, or an address."""

    content = forms.CharField(
        label="粘贴文章",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
        help_text="从网页或 Word 里全选复制,直接粘贴;网站导航、标签、分享、版权等会自动去掉。"
        "也可以粘贴网页的 HTML 源码。",
    )
    docx_file = forms.FileField(
        label="或上传 Word 文件",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        help_text=".docx 格式,20 MB 以内(旧版 .doc 请先在 Word 中另存为 .docx)。",
    )
    url = forms.CharField(
        label="原文网址",
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"size": 80, "placeholder": "https://"}),
        help_text="只填网址时自动读取该网页;同时粘贴了内容或上传了文件时,网址只记为原文链接。",
    )

    def clean_docx_file(self):
        upload = self.cleaned_data.get("docx_file")
        if upload:
            if not upload.name.lower().endswith(".docx"):
                raise forms.ValidationError("只能上传 .docx 格式的 Word 文件。")
            if upload.size > MAX_DOCX_BYTES:
                raise forms.ValidationError("文件太大:Word 文件不能超过 20 MB。")
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("content", "").strip() or data.get("docx_file") or data.get("url")):
            raise forms.ValidationError("请粘贴文章内容、上传 .docx 文件或填写原文网址(任选一种)。")
        return data


class ReprintArticleForm(forms.ModelForm):
    """Step two: the recognised fields, for the editor to check and correct before saving."""

    original_url = forms.URLField(
        label="原文链接",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 80}),
    )
    published_at = forms.DateTimeField(
        label="发布时间",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(format="%Y-%m-%d %H:%M:%S", attrs={"size": 22}),
        help_text="原文的时间,格式如 2018-03-08 08:40:27。",
    )
    suggested_tags = forms.MultipleChoiceField(
        label="建议标签",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="网站已有、并在文中出现的标签,出现次数多的在前;勾选即加上。",
    )
    confirm_duplicate = forms.BooleanField(label="我已核对,这不是重复文章,仍然保存", required=False)
    lead_attribution = forms.CharField(required=False, widget=forms.HiddenInput)
    notes = forms.CharField(required=False, widget=forms.HiddenInput)
    # The page as pasted or fetched, its kind and the editor's picks (title:3,source:5), so that a
    # click on 设为标题 reads the page again with that choice; never validated against saving.
    pasted = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    pasted_kind = forms.CharField(required=False, widget=forms.HiddenInput)
    picks = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "title", "section", "source", "author_title", "author", "original_url",
            "published_at", "tags", "body",
        ]  # fmt: skip
        widgets = {
            "title": forms.TextInput(attrs={"size": 80}),
            "body": forms.Textarea(attrs={"rows": 16, "cols": 90}),
        }
        labels = {"body": "正文(HTML)"}

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.all()
        self.fields["section"].empty_label = "请选择栏目"
        self.fields["tags"].required = False
        self.fields["suggested_tags"].choices = [(name, name) for name in suggestions]
        if not suggestions:
            del self.fields["suggested_tags"]

    def all_tags(self):
        names = list(self.cleaned_data.get("tags") or [])
        for name in self.cleaned_data.get("suggested_tags") or []:
            if name.lower() not in {n.lower() for n in names}:
                names.append(name)
        return names
