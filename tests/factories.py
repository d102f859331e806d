"""Small helpers that build just what a test needs."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from news.models import Article, Section

_seq = count(1)


def make_section(**fields):
    n = next(_seq)
    fields.setdefault("name", f"栏目{n}")
    fields.setdefault("slug", f"s{n}")
    fields.setdefault("position", n)
    return Section.objects.create(**fields)


def make_article(section=None, tags=(), **fields):
    n = next(_seq)
    fields.setdefault("title", f"文章{n}")
    fields.setdefault("body", f"<p>第{n}篇文章的正文。</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=n))
    article = Article.objects.create(section=section or make_section(), **fields)
    if tags:
        article.tags.set(tags)
    return article


def make_staff(username="editor", superuser=True, password="pw-for-tests-9"):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username=username, password=password, email="")
    return User.objects.create_user(username=username, password=password, is_staff=True)


def make_member(group, username=None, password="pw-for-tests-9"):
    """A staff user in the 编辑 or 主编 group (made by the migration)."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username or f"{group}{next(_seq)}", password=password, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


# The article form's attachments inline with no rows: every POST of the form carries it.
NO_ATTACHMENTS = {
    "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
    "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
}  # fmt: skip


def article_form_data(article, **changes):
    """The POST data of the admin change form for article, as a browser would send it."""
    published = timezone.localtime(article.published_at)
    data = {
        "title": article.title,
        "section": article.section_id,
        "body": article.body,
        "summary": article.summary,
        "tags": ", ".join(article.tags.names()),
        "source": article.source,
        "author_title": article.author_title,
        "author": article.author,
        "original_url": article.original_url,
        "status": article.status,
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
        "cover": article.cover_id or "",
        "cover_alt": article.cover_alt,
        "lock_version": article.version,
    }
    # The attachments inline's management form (tests/test_attachments.py adds rows).
    existing = list(article.attachments.order_by("position", "id")) if article.pk else []
    data.update({
        "attachments-TOTAL_FORMS": str(len(existing)), "attachments-INITIAL_FORMS": str(len(existing)),
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
    })  # fmt: skip
    for i, attachment in enumerate(existing):
        data.update({
            f"attachments-{i}-id": attachment.pk, f"attachments-{i}-article": article.pk,
            f"attachments-{i}-position": attachment.position, f"attachments-{i}-name": attachment.name,
            f"attachments-{i}-description": attachment.description,
        })  # fmt: skip
        if attachment.is_public:
            data[f"attachments-{i}-is_public"] = "on"
    if article.pinned:
        data["pinned"] = "on"
    if article.featured:
        data["featured"] = "on"
    data.update(changes)
    return data


def image_bytes(fmt="JPEG", size=(1600, 900), color=(10, 120, 200), **save_args):
    import io

    from PIL import Image

    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and len(color) == 4 else "RGB"
    Image.new(mode, size, color).save(out, fmt, **save_args)
    return out.getvalue()


def make_image(title="图片", alt_text="膜组件", fmt="JPEG", size=(1600, 900), user=None):
    from news.models.images import Image

    return Image(title=title, alt_text=alt_text, uploaded_by=user).store(
        image_bytes(fmt, size), f"{title}.{fmt.lower()}"
    )


def make_example_reprint(**fields):
    """The 《威海日报》 example article in 协会动态 (xhdt), shortened to what tests look at."""
    section = make_section(name="协会动态", name_en="Association Dynamic", slug="xhdt")
    fields.setdefault(
        "body",
        "<p>据威海新闻网2018年3月5日讯 正文。</p><h2>产城融合</h2><h3>推进羊亭与市区一体化</h3>",
    )
    return make_article(
        section,
        title="中欧水处理及膜技术创新产业园建设工作领导小组成立",
        source="威海日报",
        author="姜倩倩",
        published_at=timezone.make_aware(timezone.datetime(2018, 3, 8, 8, 40, 27)),
        tags=["水利行业", "膜技术"],
        **fields,
    )


def make_attachment(article, name="会议通知.pdf", data=None, **fields):
    """An attachment stored through the model, as the admin stores one (judged by content)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from news.models import Attachment

    from .attachment_files import pdf_bytes

    upload = SimpleUploadedFile(name, pdf_bytes() if data is None else data)
    return Attachment.objects.create(article=article, file=upload, **fields)


# --- Members (association/members) ---------------------------------------------------------


def member_level(name="理事单位", position=None):
    """A membership level (the migration's are gone after a flush, so get or make it)."""
    from association.members.models import MembershipLevel

    level, _ = MembershipLevel.objects.get_or_create(
        name=name, defaults={"position": next(_seq) if position is None else position}
    )
    return level


def member_field(name="膜材料"):
    from association.members.models import MembershipField

    field, _ = MembershipField.objects.get_or_create(name=name, defaults={"position": next(_seq)})
    return field


def make_member_company(fields=(), **values):
    """A member company (会员单位); fields are MembershipField names."""
    from association.members.models import Member

    n = next(_seq)
    values.setdefault("name", f"示例膜科技第{n}有限公司")
    values.setdefault("province", "江苏")
    values.setdefault("city", "南京")
    if "level" not in values:
        values["level"] = member_level()
    member = Member.objects.create(**values)
    if fields:
        member.fields.set([member_field(name) for name in fields])
    return member


def pdf_bytes(text="application"):
    """A small real PDF (pypdf writes it), for uploads judged by content."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Events (association/events) -----------------------------------------------------------


def make_event(days_ahead=30, **fields):
    """An event starting days_ahead days from now (negative: in the past), open until a day
    before it starts."""
    from association.events.models import Event

    n = next(_seq)
    start = timezone.now() + timedelta(days=days_ahead)
    fields.setdefault("title", f"活动{n}")
    fields.setdefault("slug", f"event-{n}")
    fields.setdefault("start", start)
    fields.setdefault("end", fields["start"] + timedelta(hours=8))
    fields.setdefault("registration_deadline", fields["start"] - timedelta(days=1))
    fields.setdefault("city", "北京")
    fields.setdefault("organiser", "中国膜工业协会")
    return Event.objects.create(**fields)


def make_registration(event, **fields):
    """A registration saved directly (the form and its checks are tested on their own)."""
    from association.events.models import Registration

    n = next(_seq)
    fields.setdefault("organisation", f"示例单位{n}")
    fields.setdefault("name", f"张{n}")
    fields.setdefault("mobile", f"139{n:08d}")
    fields.setdefault("email", f"person{n}@example.com")
    return Registration.objects.create(event=event, **fields)


def registration_post(**fields):
    """What the registration form sends, filled in as a person would."""
    data = {
        "organisation": "示例膜科技有限公司", "name": "李明", "title": "工程师",
        "mobile": "138 1234 5678", "email": "liming@example.com", "is_member": "1",
        "invoice_title": "", "tax_number": "", "remarks": "",
        "attendee-TOTAL_FORMS": "3", "attendee-INITIAL_FORMS": "0",
        "attendee-MIN_NUM_FORMS": "0", "attendee-MAX_NUM_FORMS": "9",
    }  # fmt: skip
    data.update(fields)
    return data


def make_notice_reply(article=None, questions=(), **fields):
    """A notice (published, in 通知公告 unless given) asking for an online 回执; questions:
    (label, kind, choices) each."""
    from association.events.models import NoticeReply, Question

    if article is None:
        article = make_article(
            title=f"关于报送材料的通知{next(_seq)}", doc_number="中膜协〔2026〕1号"
        )
    reply = NoticeReply.objects.create(article=article, **fields)
    for position, (label, kind, choices) in enumerate(questions):
        Question.objects.create(
            reply=reply, label=label, kind=kind, choices=choices, position=position
        )
    return reply
