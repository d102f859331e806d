# ruff: noqa: E501 - the demo table reads best one member a line
"""Demo members (all invented: no real company is meant), their logos drawn with Pillow, and a
few demo articles that mention some of them, so their pages show news."""

import io
import random
from datetime import timedelta

from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from news.models import Article, Image, Section

from .matching import match_all
from .models import Member, MembershipField, MembershipLevel

LEVELS = ["副理事长单位", "常务理事单位", "理事单位", "会员单位"]
# name, short name, English name, level (index), province, city, fields, year joined
MEMBERS = [
    ("澄波膜科技股份有限公司", "澄波膜科技", "Chengbo Membrane Technology", 0, "北京", "北京", "膜材料 膜组件", 2003),
    ("海润水处理工程集团有限公司", "海润水处理", "Hairun Water Engineering", 0, "天津", "天津", "工程公司", 2005),
    ("青澜膜材料研究院有限公司", "青澜膜材料", "Qinglan Membrane Institute", 0, "山东", "青岛", "膜材料 科研院所", 2001),
    ("江渚分离膜科技有限公司", "江渚分离膜", "Jiangzhu Separation Membrane", 1, "江苏", "南京", "膜组件 膜设备", 2008),
    ("浙清膜装备制造有限公司", "浙清膜装备", "Zheqing Membrane Equipment", 1, "浙江", "杭州", "膜设备", 2010),
    ("粤泉环保科技股份有限公司", "粤泉环保", "Yuequan Environmental", 1, "广东", "广州", "工程公司 用户单位", 2009),
    ("川源膜技术有限公司", "川源膜技术", "Chuanyuan Membrane", 1, "四川", "成都", "膜组件", 2012),
    ("汉江陶瓷膜有限公司", "汉江陶瓷膜", "Hanjiang Ceramic Membrane", 1, "湖北", "武汉", "膜材料", 2011),
    ("沪滤新材料科技有限公司", "沪滤新材料", "Hulv New Materials", 2, "上海", "上海", "膜材料", 2014),
    ("闽海淡化工程有限公司", "闽海淡化", "Minhai Desalination", 2, "福建", "厦门", "工程公司", 2013),
    ("辽河中空纤维膜有限公司", "辽河中空纤维", "Liaohe Hollow Fibre", 2, "辽宁", "大连", "膜组件", 2007),
    ("皖清水务科技有限公司", "皖清水务", "Wanqing Water", 2, "安徽", "合肥", "用户单位", 2016),
    ("湘膜检测技术有限公司", "湘膜检测", "Xiangmo Testing", 2, "湖南", "长沙", "检测认证", 2017),
    ("秦川膜分离设备有限公司", "秦川膜分离", "Qinchuan Separation Equipment", 2, "陕西", "西安", "膜设备", 2012),
    ("冀北纳滤膜科技有限公司", "冀北纳滤", "Jibei Nanofiltration", 2, "河北", "石家庄", "膜材料 膜组件", 2015),
    ("滇池水环境工程有限公司", "滇池水环境", "Dianchi Water Environment", 2, "云南", "昆明", "工程公司", 2018),
    ("黔源膜业有限公司", "黔源膜业", "Qianyuan Membrane", 3, "贵州", "贵阳", "膜组件", 2019),
    ("晋阳气体分离膜有限公司", "晋阳气体分离", "Jinyang Gas Separation", 3, "山西", "太原", "膜材料", 2020),
    ("豫中水处理设备有限公司", "豫中水处理", "Yuzhong Water Equipment", 3, "河南", "郑州", "膜设备", 2018),
    ("赣江膜工程技术有限公司", "赣江膜工程", "Ganjiang Membrane Engineering", 3, "江西", "南昌", "工程公司", 2021),
    ("桂海净水科技有限公司", "桂海净水", "Guihai Water Purification", 3, "广西", "南宁", "用户单位", 2022),
    ("吉林北方膜材料有限公司", "北方膜材料", "Beifang Membrane Materials", 3, "吉林", "长春", "膜材料", 2017),
    ("龙江寒地水处理有限公司", "龙江寒地", "Longjiang Cold Region Water", 3, "黑龙江", "哈尔滨", "工程公司", 2019),
    ("甘泉膜技术服务有限公司", "甘泉膜技术", "Ganquan Membrane Services", 3, "甘肃", "兰州", "配套服务", 2020),
    ("宁湖膜组件有限公司", "宁湖膜组件", "Ninghu Membrane Modules", 3, "宁夏", "银川", "膜组件", 2023),
    ("天山苦咸水淡化有限公司", "天山淡化", "Tianshan Brackish Water", 3, "新疆", "乌鲁木齐", "工程公司 用户单位", 2021),
    ("琼海海水利用科技有限公司", "琼海海水", "Qionghai Seawater", 3, "海南", "海口", "用户单位", 2022),
    ("渝膜环境科技有限公司", "渝膜环境", "Yumo Environment", 3, "重庆", "重庆", "膜设备 工程公司", 2016),
    ("蒙草原水务有限公司", "草原水务", "Caoyuan Water", 3, "内蒙古", "呼和浩特", "用户单位", 2024),
    ("东华膜科学研究所", "东华膜所", "Donghua Membrane Science Lab", 2, "上海", "上海", "科研院所", 2006),
]  # fmt: skip
# Articles written for the demo, each naming some of the members above.
ARTICLES = [
    ("hyzx", "澄波膜科技新一代反渗透膜元件通过鉴定", [
        "由澄波膜科技股份有限公司研制的新一代低能耗反渗透膜元件日前通过专家鉴定。",
        "鉴定委员会认为，该元件脱盐率和产水量达到国内领先水平。青澜膜材料参与了膜片的性能测试。",
    ]),
    ("xhdt", "协会组织会员单位赴海润水处理考察海水淡化项目", [
        "协会秘书处组织十余家会员单位，赴海润水处理工程集团有限公司考察日产五万吨的海水淡化项目。",
        "江渚分离膜、浙清膜装备等单位的技术人员与项目方交流了膜组件运行维护经验。",
    ]),
    ("hyzx", "汉江陶瓷膜扩建生产线 年产能翻番", [
        "汉江陶瓷膜有限公司新建的陶瓷膜生产线近日投产，年产能较去年翻了一番。",
        "公司表示，新产线主要面向化工和食品行业的分离需求。",
    ]),
    ("xhdt", "闽海淡化与东华膜所签署产学研合作协议", [
        "闽海淡化工程有限公司与东华膜科学研究所签署合作协议，共建海岛海水淡化技术联合实验室。",
    ]),
]  # fmt: skip
COLOURS = [(14, 86, 150), (10, 120, 110), (150, 60, 40), (90, 60, 150), (30, 110, 60)]


def draw_logo(seed, letters):
    """PNG bytes of an invented emblem: a ring, a wave and the English initials."""
    rng = random.Random(seed)  # noqa: S311 -- decoration, not security
    colour = COLOURS[seed % len(COLOURS)]
    size = 240
    image = PILImage.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse([12, 12, size - 12, size - 12], outline=colour, width=14)
    # Three waves under the initials: water passing a membrane.
    for i in range(3):
        top = 118 + i * 20 + rng.randint(-4, 4)
        draw.arc([46, top - 30, size - 46, top + 30], 25, 155, fill=colour, width=7)
    font = ImageFont.load_default(size=70)
    draw.text((size / 2, 96), letters, fill=colour, font=font, anchor="mm", stroke_width=2,
              stroke_fill=colour)  # fmt: skip
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _initials(name_en):
    return "".join(word[0] for word in name_en.split()[:2]).upper()


def load_members():
    """Create the demo members (and their logos and articles) that are missing; return how
    many members were created."""
    levels = {}
    for position, name in enumerate(LEVELS, start=1):
        levels[position - 1], _ = MembershipLevel.objects.get_or_create(
            name=name, defaults={"position": position * 10}
        )
    fields = {f.name: f for f in MembershipField.objects.all()}
    created = 0
    for seed, (name, short, english, level, province, city, names, year) in enumerate(MEMBERS):
        if Member.objects.filter(name=name).exists():
            continue
        logo = Image(title=f"{short}标志", alt_text=f"{name}标志")
        logo.store(draw_logo(seed, _initials(english)), f"logo-{seed}.png")
        member = Member.objects.create(
            name=name, short_name=short, name_en=english, level=levels[level],
            province=province, city=city, joined_year=year, logo=logo,
            website=f"https://www.example.com/member-{seed + 1}/",
            introduction=f"{name}（演示单位，并非真实企业）位于{province}{city}，"
            f"{year}年加入协会，主要从事{names.replace(' ', '、')}相关业务。",
            products="膜元件\n膜系统设计\n技术服务" if seed % 2 else "分离膜材料\n膜组件",
            phone=f"000-0000{seed:04d}", email=f"info{seed + 1}@example.com",
            contact_person="演示联系人", contact_mobile="00000000000",
        )  # fmt: skip
        member.fields.set([fields[n] for n in names.split() if n in fields])
        created += 1
    _load_articles()
    match_all()
    return created


def _load_articles():
    sections = {s.slug: s for s in Section.objects.all()}
    now = timezone.now().replace(microsecond=0)  # whole seconds, as editors set them
    for days, (slug, title, paragraphs) in enumerate(ARTICLES, start=1):
        if slug not in sections or Article.objects.filter(title=title).exists():
            continue
        Article.objects.create(
            section=sections[slug], title=title, status=Article.Status.PUBLISHED,
            body="".join(f"<p>{p}</p>" for p in paragraphs), published_at=now - timedelta(days=days),
            source="本站", author="协会秘书处",
        )  # fmt: skip
