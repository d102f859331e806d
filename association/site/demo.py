"""Demo pages of the association (written for this demo; the organisation details are invented)."""

from .models import Page

PAGES = [
    {
        "slug": "about",
        "title": "协会简介",
        "placement": "both",
        "position": 10,
        "body": """
<p>中国膜工业协会是由从事膜材料、膜组件、膜装备研制生产和工程应用的企业、科研院所、高等院校及相关单位自愿组成的全国性行业组织（本页为演示内容）。</p>
<p>协会的宗旨是:团结全行业力量，推动膜科学技术进步和膜产业健康发展，在政府与企业之间发挥桥梁和纽带作用，为会员单位提供信息、培训、标准和交流服务。</p>
<h2>主要工作</h2>
<ul>
<li>开展行业调查研究，向有关部门反映会员诉求，提出产业政策建议；</li>
<li>组织制定、修订膜产业团体标准，推动产品检测与质量评价；</li>
<li>举办技术交流会、专业培训班和青年论坛，促进产学研合作；</li>
<li>编辑出版行业资讯，建设协会网站，发布行业动态与市场信息；</li>
<li>开展国际交流与合作，帮助会员单位了解国外技术与市场。</li>
</ul>
<h2>发展方向</h2>
<p>面向水资源短缺和生态环境保护的需要，协会将继续围绕海水淡化、污水资源化、工业节水和饮用水安全等领域，推动国产膜材料与装备的研发应用，促进膜产业高质量发展。</p>
""",
    },
    {
        "slug": "organization",
        "title": "组织机构",
        "placement": "nav",
        "position": 20,
        "body": """
<p>协会的最高权力机构是会员代表大会，理事会是会员代表大会的执行机构，在会员代表大会闭会期间领导协会开展日常工作（本页为演示内容）。</p>
<h2>领导机构</h2>
<ul>
<li>会员代表大会</li>
<li>理事会、常务理事会</li>
<li>监事会</li>
</ul>
<h2>办事机构</h2>
<p>秘书处负责协会的日常工作，下设综合部、会员服务部、技术标准部和信息宣传部。</p>
<h2>专业委员会</h2>
<table>
<thead><tr><th scope="col">名称</th><th scope="col">主要工作领域</th></tr></thead>
<tbody>
<tr><td>反渗透与纳滤专业委员会</td><td>海水淡化、苦咸水脱盐、饮用水深度处理</td></tr>
<tr><td>超滤与微滤专业委员会</td><td>市政供水、污水回用、膜生物反应器</td></tr>
<tr><td>气体分离膜专业委员会</td><td>制氮、制氧、氢气回收与二氧化碳分离</td></tr>
<tr><td>膜材料专业委员会</td><td>高分子膜、无机陶瓷膜等新材料研发</td></tr>
</tbody>
</table>
""",
    },
    {
        "slug": "members",
        "title": "入会须知",
        # The navigation's 会员单位 is the member directory (settings.SITE_NAV_LINKS) now.
        "placement": "none",
        "position": 30,
        "body": """
<p>凡承认协会章程、在膜领域开展业务的单位，均可申请加入协会（本页为演示内容）。</p>
<h2>如何申请</h2>
<p>请在网站上填写<a href="/members/apply/">入会申请</a>，并上传营业执照和盖章的入会申请表；
入会申请表可在申请页面下载。</p>
<p>秘书处审核后会以电子邮件通知结果，通过后即列入<a href="/members/">会员单位</a>名录。</p>
<p>入会咨询请联系协会秘书处会员服务部。</p>
""",
    },
    {
        "slug": "contact",
        "title": "联系我们",
        "placement": "footer",
        "position": 40,
        "body": """
<p>欢迎会员单位和社会各界与协会秘书处联系（以下联系方式为演示数据）。</p>
<h2>协会秘书处</h2>
<ul>
<li>地址:北京市朝阳区示例路 1 号</li>
<li>邮编:100000</li>
<li>电话:010-00000000</li>
<li>电子邮箱:<a href="mailto:info@example.org">info@example.org</a></li>
</ul>
<h2>办公时间</h2>
<p>周一至周五 9:00—17:00，法定节假日除外。来访请提前电话预约。</p>
<h2>投稿与转载</h2>
<p>欢迎会员单位投稿协会动态和技术文章。本站转载的文章均注明出处；如您认为本站转载的内容涉及版权问题，请发送电子邮件告知，我们将及时处理。</p>
""",
    },
]


def load_pages():
    """Create the demo pages that are missing; return how many were created."""
    created = 0
    for spec in PAGES:
        spec = dict(spec)
        spec["body"] = spec["body"].strip()
        _, was_created = Page.objects.get_or_create(slug=spec.pop("slug"), defaults=spec)
        created += was_created
    return created
