"""Registrations as a spreadsheet (.xlsx by openpyxl, and CSV), with Chinese headers.

A cell a registrant typed is never taken as a formula: text starting with = + - @ (or a tab or
carriage return) gets a leading apostrophe, as Excel itself writes such text.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = [
    "报名编号", "活动/通知", "单位名称", "姓名", "职务", "手机", "邮箱", "会员单位", "人数",
    "其他参会人员", "发票抬头", "税号", "每人费用(元)", "应缴费用(元)", "已缴费", "已签到",
    "状态", "报名时间", "备注",
]  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table(registrations):
    """(headers, rows): one row per registration, then a column per extra question."""
    registrations = list(
        registrations.select_related("event", "reply__article").prefetch_related("attendees")
    )
    questions = []
    for registration in registrations:
        for label in registration.answers:
            if label not in questions:
                questions.append(label)
    rows = []
    for r in registrations:
        others = "、".join(
            " ".join(part for part in (a.name, a.title, a.mobile) if part)
            for a in r.attendees.all()
        )
        row = [
            r.reference, r.target.title, r.organisation, r.name, r.title, r.mobile, r.email,
            "是" if r.is_member else "否", r.headcount, others, r.invoice_title, r.tax_number,
            float(r.fee_per_person), float(r.fee_total), "是" if r.paid else "否",
            "是" if r.checked_in else "否", r.get_status_display(),
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"), r.remarks,
        ]  # fmt: skip
        row += [r.answers.get(label, "") for label in questions]
        rows.append([safe(value) for value in row])
    return HEADERS + [safe(label) for label in questions], rows


def filename(stem, suffix):
    return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.{suffix}"


def attachment(response, name):
    # An ASCII name for old clients and the Chinese one (RFC 6266) for the rest.
    response["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_response(registrations):
    headers, rows = table(registrations)
    book = Workbook()
    sheet = book.active
    sheet.title = "报名名单"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (13, 28, 28, 10, 12, 14, 24, 9, 6, 30), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return attachment(
        HttpResponse(out.getvalue(), content_type=XLSX_TYPE), filename("registrations", "xlsx")
    )


def csv_response(registrations):
    headers, rows = table(registrations)
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 CSV as Chinese only with the byte-order mark
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    return attachment(response, filename("registrations", "csv"))
