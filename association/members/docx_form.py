"""入会申请表.docx: the association's own form, built with python-docx from the template below
(the questions and their order), with the levels and fields editors keep today."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .emails import association_name
from .models import MembershipField, MembershipLevel

# The form's template: (section heading, [(question, lines to leave for the answer)]).
TEMPLATE = [
    ("一、单位基本情况", [
        ("单位名称(与营业执照一致)", 1), ("简称", 1), ("英文名称", 1),
        ("统一社会信用代码", 1), ("所在省份、城市", 1), ("通讯地址", 1), ("网站", 1),
        ("单位简介(主要业务、规模)", 4), ("主要产品与服务", 3),
    ]),
    ("二、申请级别与业务领域", [("申请级别(请勾选)", 0), ("业务领域(可多选,请勾选)", 0)]),
    ("三、联系人", [("姓名", 1), ("职务", 1), ("手机", 1), ("电子邮箱", 1)]),
    ("四、单位意见", [("我单位承认协会章程,自愿申请加入协会。\n\n单位负责人(签字):"
                      "\n\n单位(盖章):                  日期:    年   月   日", 0)]),
]  # fmt: skip
BOX = "□"


def build_application_form():
    """The .docx as bytes."""
    levels = list(MembershipLevel.objects.values_list("name", flat=True))
    fields = list(MembershipField.objects.values_list("name", flat=True))
    choices = {"申请级别(请勾选)": levels, "业务领域(可多选,请勾选)": fields}
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    title = document.add_heading(f"{association_name()}入会申请表", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        "请填写本表并加盖单位公章,扫描或拍照后在网站“入会申请”页面上传,"
        "同时上传营业执照。也可邮寄至协会秘书处会员服务部。"
    )
    for heading, questions in TEMPLATE:
        document.add_heading(heading, level=1)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for question, lines in questions:
            row = table.add_row().cells
            row[0].text = question
            if question in choices:
                row[1].text = "  ".join(f"{BOX} {name}" for name in choices[question])
            else:
                row[1].text = "\n" * max(lines - 1, 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
