"""Demo events (written for this demo; the people and companies are invented): an upcoming
annual conference open for registration, a past forum, and a training course that is full;
and the online 回执 of the demo notice of the 会员代表大会 (news/demo/notices.py).

Times are set relative to today, so the demo always shows every status; running it again
changes nothing that is already there (events are found by slug).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from news.models import Article, Section

from .models import Attendee, Event, NoticeReply, Question, Registration

CONFERENCE_BODY = """
<p>为交流膜产业最新技术进展，推动膜材料与装备的国产化应用，协会定于下月召开年度技术交流大会（本活动为演示内容）。</p>
<h2>会议议题</h2>
<ul>
<li>海水淡化与苦咸水淡化工程的新进展；</li>
<li>工业废水零排放中的膜分离技术；</li>
<li>膜生物反应器（MBR）在市政污水处理中的应用；</li>
<li>国产反渗透膜、超滤膜的质量评价与标准。</li>
</ul>
<h2>参会须知</h2>
<p>请于报名截止前在线报名；会务费含资料费和会议期间午餐，住宿统一安排、费用自理。</p>
"""
FORUM_BODY = """
<p>青年科技论坛邀请高校和企业的青年科技人员报告膜科学研究成果（本活动为演示内容）。</p>
<p>论坛设口头报告和墙报交流两个环节，评选优秀报告若干。</p>
"""
TRAINING_BODY = """
<p>为提高水处理工程技术人员的操作水平，协会举办反渗透系统运行与维护培训班（本活动为演示内容）。</p>
<h2>培训内容</h2>
<ol>
<li>反渗透系统设计要点；</li>
<li>膜污染的诊断与化学清洗；</li>
<li>运行数据的标准化与故障分析。</li>
</ol>
<p>培训结束后考核合格者颁发培训证书。</p>
"""
COMPANIES = [
    "示例膜科技有限公司", "示例水处理工程有限公司", "示例环保装备集团有限公司",
    "示例大学膜科学与技术研究所", "示例净水设备有限公司", "示例化工新材料有限公司",
]  # fmt: skip
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超"]


def _events(now):
    day = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
    return [
        {
            "slug": "annual-conference",
            "title": "膜产业年度技术交流大会",
            "kind": Event.Kind.MEETING,
            "start": day + timedelta(days=40),
            "end": day + timedelta(days=41, hours=8),
            "city": "北京",
            "address": "北京市朝阳区示例国际会议中心三层多功能厅",
            "organiser": "中国膜工业协会",
            "host": "示例膜科技有限公司",
            "co_organisers": "示例大学膜科学与技术研究所、示例水处理工程有限公司",
            "body": CONFERENCE_BODY,
            "registration_deadline": day + timedelta(days=30),
            "capacity": 300,
            "member_price": Decimal("1200"),
            "non_member_price": Decimal("1800"),
            "early_bird_until": day + timedelta(days=14),
            "early_member_price": Decimal("1000"),
            "early_non_member_price": Decimal("1500"),
            "questions": [
                ("是否需要协助预订住宿?", Question.Kind.SINGLE, "需要\n不需要", True),
                (
                    "您关注的议题(可多选)",
                    Question.Kind.MULTIPLE,
                    "海水淡化\n工业废水零排放\nMBR\n膜产品标准",
                    False,
                ),  # fmt: skip
            ],
        },
        {
            "slug": "youth-forum",
            "title": "膜科学青年科技论坛",
            "kind": Event.Kind.FORUM,
            "start": day - timedelta(days=120),
            "end": day - timedelta(days=119, hours=16),
            "city": "天津",
            "address": "天津市南开区示例大学学术报告厅",
            "organiser": "中国膜工业协会",
            "host": "示例大学膜科学与技术研究所",
            "body": FORUM_BODY,
            "registration_deadline": day - timedelta(days=130),
            "capacity": 150,
        },
        {
            "slug": "ro-training",
            "title": "反渗透系统运行与维护培训班",
            "kind": Event.Kind.TRAINING,
            "start": day + timedelta(days=20),
            "end": day + timedelta(days=22, hours=8),
            "city": "杭州",
            "address": "杭州市西湖区示例培训中心",
            "organiser": "中国膜工业协会",
            "host": "示例水处理工程有限公司",
            "body": TRAINING_BODY,
            "registration_deadline": day + timedelta(days=15),
            "capacity": 12,
            "member_price": Decimal("2800"),
            "non_member_price": Decimal("3200"),
            "fill": True,
        },
    ]


def load_events():
    """Create the demo events that are missing; returns how many were created."""
    now = timezone.now()
    created = 0
    for data in _events(now):
        data = dict(data)
        questions, fill = data.pop("questions", []), data.pop("fill", False)
        event, made = Event.objects.get_or_create(slug=data.pop("slug"), defaults=data)
        if not made:
            continue
        created += 1
        for position, (label, kind, choices, required) in enumerate(questions):
            Question.objects.create(
                event=event, label=label, kind=kind, choices=choices, required=required,
                position=position,
            )  # fmt: skip
        if fill:
            _fill(event, now)
        if event.slug == "annual-conference":
            _announce(event, now)
    return created


def _announce(event, now):
    """The conference's notice in 通知公告, which links back to the event and its 我要报名."""
    section = Section.objects.filter(slug="tzgg").first()
    if section is None:
        return
    notice = Article.objects.create(
        section=section,
        title=f"关于召开{event.title}的通知",
        body=(
            f"<p>各会员单位、有关单位：</p><p>协会定于{timezone.localtime(event.start):%Y年%m月%d日}"
            f"在{event.city}召开{event.title}，请有意参会的单位在报名截止前在线报名"
            "（本通知为演示内容）。</p>"
        ),
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(days=1),
        doc_number=f"中膜协〔{timezone.localtime(now):%Y}〕30号",
        issuer="中国膜工业协会",
        reply_deadline=event.closes_at,
    )
    Event.objects.filter(pk=event.pk).update(announcement=notice)


def _fill(event, now):
    """Registrations (two people each) up to the capacity: the course shows 名额已满."""
    for n in range(event.capacity // 2):
        is_member = n % 3 != 2
        price = event.price_for(is_member, now)
        registration = Registration.objects.create(
            event=event,
            organisation=COMPANIES[n % len(COMPANIES)],
            name=_person(n),
            title="工程师",
            mobile=f"1390000{n:04d}",
            email=f"demo{n}@example.com",
            is_member=is_member,
            headcount=2,
            fee_per_person=price,
            fee_total=price * 2,
            created_at=now - timedelta(days=10 - n % 10),
            paid=n % 2 == 0,
        )
        Attendee.objects.create(registration=registration, name=_person(n + 7), title="技术员")


def _person(n):
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 5) % len(GIVEN)]


# The demo notice (news/demo/notices.py) whose Word 回执表 the online 回执 stands beside.
REPLY_NOTICE_NUMBER = "中膜协〔2018〕12号"
REPLY_QUESTIONS = [
    ("是否需要安排住宿?", Question.Kind.SINGLE, "需要\n不需要", True),
    ("参加的分论坛", Question.Kind.SINGLE, "反渗透膜与超滤膜\n陶瓷膜", False),
]


def load_replies():
    """The demo notice's online 回执 (its deadline: the notice's 截止日期); returns how many
    were created: 0 when it is there already or the notice is missing."""
    notice = Article.objects.filter(doc_number=REPLY_NOTICE_NUMBER).first()
    if notice is None:
        return 0
    reply, made = NoticeReply.objects.get_or_create(article=notice)
    if made:
        for position, (label, kind, choices, required) in enumerate(REPLY_QUESTIONS):
            Question.objects.create(
                reply=reply, label=label, kind=kind, choices=choices, required=required,
                position=position,
            )  # fmt: skip
    return int(made)
