"""Demo notices (通知公告) with real attachments the demo writes itself: a PDF, a .docx, an .xlsx.

The PDF is written here (a few objects, Chinese in the STSong-Light font every PDF reader
has), the .docx with python-docx and the .xlsx with openpyxl, so `make run` needs no files.
"""

import io
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ..extraction import extract_attachment
from ..models import Article, Attachment


def simple_pdf(title, lines):
    """A one-page A4 PDF with a title and lines of Chinese text."""
    commands = [b"BT /F1 18 Tf 72 770 Td " + _utf16(title) + b" Tj ET"]
    for number, line in enumerate(lines):
        y = 730 - number * 24
        commands.append(b"BT /F1 12 Tf 72 %d Td " % y + _utf16(line) + b" Tj ET")
    stream = b"\n".join(commands)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    size = len(objects) + 1
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def _utf16(text):
    return b"<" + text.encode("utf-16-be").hex().encode() + b">"


def reply_form_docx(title, rows):
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("请于截止日期前将回执发送至协会秘书处邮箱。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def survey_xlsx(title, header, rows):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _notices(now):
    today = timezone.localtime(now).replace(hour=17, minute=0, second=0, microsecond=0)
    return [
        {
            "title": "关于召开2018年会员代表大会暨膜技术交流会的通知",
            "doc_number": "中膜协〔2018〕12号", "issuer": "中国膜工业协会秘书处",
            "published_at": "2018-03-09 10:00:00", "reply_deadline": today + timedelta(days=45),
            "body": "各会员单位:协会定于2018年5月在北京召开会员代表大会暨膜技术交流会。"
                    "会议议程见附件1,请填写附件2报名回执表,于截止日期前报送秘书处。",
            "files": [
                ("会议通知.pdf", "会议议程与日程安排", simple_pdf("会员代表大会会议议程", [
                    "一、审议协会年度工作报告", "二、选举增补理事",
                    "三、反渗透膜与超滤膜技术交流", "四、陶瓷膜分论坛(第二会议室)",
                ])),
                ("报名回执表.docx", "请填写后发送至秘书处", reply_form_docx("报名回执表", [
                    ("单位名称", ""), ("参会代表", ""), ("联系电话", ""), ("是否住宿", "是 / 否"),
                ])),
            ],
        },
        {
            "title": "关于开展2018年膜行业统计调查的通知",
            "doc_number": "中膜协〔2018〕15号", "issuer": "中国膜工业协会",
            "published_at": "2018-03-05 09:00:00", "reply_deadline": today + timedelta(days=20),
            "body": "各会员单位:为掌握行业发展情况,协会开展年度统计调查,请填写附件中的统计表。",
            "files": [
                ("膜行业统计调查表.xlsx", "每家单位填写一份", survey_xlsx(
                    "统计调查表", ["指标", "单位", "2017年"],
                    [["膜组件产量", "万平方米", None], ["销售收入", "万元", None],
                     ["研发投入", "万元", None], ["纳滤膜出口额", "万美元", None]],
                )),
            ],
        },
        {
            "title": "关于征求《中空纤维超滤膜组件》团体标准意见的通知",
            "doc_number": "中膜协〔2018〕8号", "issuer": "中国膜工业协会标准化委员会",
            "published_at": "2018-02-26 15:00:00",
            "reply_deadline": timezone.make_aware(datetime(2018, 3, 20, 17, 0)),
            "body": "各有关单位:《中空纤维超滤膜组件》团体标准征求意见稿已完成,现公开征求意见。",
            "files": [
                ("团体标准征求意见稿.pdf", "征求意见稿全文", simple_pdf("超滤膜组件(征求意见稿)", [
                    "1 范围:本标准规定了中空纤维超滤膜组件的术语、分类与技术要求。",
                    "2 规范性引用文件", "3 术语和定义:截留分子量、纯水通量、完整性",
                ])),
            ],
        },
    ]  # fmt: skip


def load_notices(section):
    """Create the demo notices that are missing; return how many were created."""
    created = 0
    for spec in _notices(timezone.now()):
        spec = dict(spec)
        files = spec.pop("files")
        if Article.objects.filter(title=spec["title"], section=section).exists():
            continue
        published_at = datetime.strptime(spec.pop("published_at"), "%Y-%m-%d %H:%M:%S")
        article = Article.objects.create(
            section=section, status=Article.Status.PUBLISHED, source="", author_title="",
            published_at=timezone.make_aware(published_at), body=f"<p>{spec.pop('body')}</p>",
            **spec,
        )  # fmt: skip
        article.tags.set(["通知"])
        for position, (name, description, data) in enumerate(files, start=1):
            attachment = Attachment.objects.create(
                article=article, file=SimpleUploadedFile(name, data), description=description,
                position=position,
            )  # fmt: skip
            extract_attachment(attachment)  # now: the command may end before a thread would
        created += 1
    return created
