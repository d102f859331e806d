"""Demo content loaded by `manage.py load_demo`: the example reprint and short sample articles."""

SITE = {
    "name": "中国膜工业协会",
    "name_en": "China Membrane Industry Association",
    "welcome_text": "欢迎访问中国膜工业协会官方网站!",
    "address": "北京市朝阳区示例路 1 号(演示数据)",
    "postcode": "100000",
    "phone": "010-00000000(演示数据)",
    "email": "info@example.org",
    "icp_number": "京ICP备00000000号-1(演示数据)",
    "description": "中国膜工业协会官方网站:协会动态、行业资讯、通知公告与政策法规。",
}

SECTIONS = [
    {
        "slug": "xhdt",
        "name": "协会动态",
        "name_en": "Association Dynamic",
        "description": "协会工作、会议与会员单位的最新消息。",
    },
    {
        "slug": "hyzx",
        "name": "行业资讯",
        "name_en": "Industry News",
        "description": "膜技术与水处理行业的新闻与市场动向。",
    },
    {
        "slug": "tzgg",
        "name": "通知公告",
        "name_en": "Notices",
        "description": "协会发布的通知、公告与会议安排。",
    },
    {
        "slug": "zcfg",
        "name": "政策法规",
        "name_en": "Policies and Regulations",
        "description": "与膜产业相关的国家政策、标准与法规。",
    },
]

EXAMPLE = {
    "title": "中欧水处理及膜技术创新产业园建设工作领导小组成立",
    "section": "xhdt",
    "body_file": "weihai-daily-2018-03-08.html",
    "source": "威海日报",
    "author_title": "记者",
    "author": "姜倩倩",
    "published_at": "2018-03-08 08:40:27",
    "tags": ["水利行业", "膜技术"],
    "featured": True,
}

HOT_TAGS = ["水利行业", "最大反渗透式"]

# Short articles written for the demo; none is a real news item.
SAMPLES = [
    {
        "title": "协会召开2018年度理事会工作会议",
        "featured": True,
        "section": "xhdt",
        "published_at": "2018-03-12 10:00:00",
        "tags": ["协会工作"],
        "pinned": True,
        "paragraphs": [
            "3月10日,协会在北京召开年度理事会工作会议,回顾上一年度的工作,讨论新一年的重点任务。",
            "会议提出,今年将围绕行业标准、人才培训和国际交流三方面开展工作,"
            "进一步发挥协会联系政府与企业的桥梁作用。",
        ],
    },
    {
        "title": "膜技术专业委员会赴会员单位开展调研",
        "featured": True,
        "section": "xhdt",
        "published_at": "2018-03-06 15:30:00",
        "tags": ["膜技术", "会员单位"],
        "paragraphs": [
            "近日,协会膜技术专业委员会一行走访了华东地区的五家会员单位,"
            "了解企业在反渗透膜、超滤膜生产中遇到的困难。",
            "调研组表示,将把企业反映的原材料供应和检测认证问题整理成报告,提交有关部门。",
        ],
    },
    {
        "title": "第三届膜法水处理青年论坛征稿启事",
        "section": "xhdt",
        "published_at": "2018-02-27 09:00:00",
        "tags": ["会议活动"],
        "paragraphs": [
            "为促进青年科技人员交流,协会拟于今年秋季举办第三届膜法水处理青年论坛,现面向全国征集论文。",
            "论文须为未公开发表的原创成果,篇幅不超过八千字,截稿日期另行通知。",
        ],
    },
    {
        "title": "全球最大反渗透式海水淡化厂投入运行",
        "section": "hyzx",
        "published_at": "2018-03-09 14:20:00",
        "source": "中国水网",
        "author_title": "",
        "author": "",
        "tags": ["最大反渗透式", "海水淡化", "水利行业"],
        "featured": True,
        "paragraphs": [
            "据报道,一座日产淡水数十万吨的反渗透式海水淡化厂近日正式投入运行,是目前规模最大的同类工程之一。",
            "业内人士认为,反渗透膜能耗的持续下降,使海水淡化在沿海缺水城市更具竞争力。",
        ],
    },
    {
        "title": "超滤膜在市政污水处理中的应用不断扩大",
        "featured": True,
        "section": "hyzx",
        "published_at": "2018-03-05 11:00:00",
        "source": "中国环境报",
        "author_title": "记者",
        "author": "王明 李华",
        "tags": ["超滤", "水利行业"],
        "paragraphs": [
            "随着排放标准提高,越来越多的城市污水处理厂在提标改造中采用超滤和膜生物反应器工艺。",
            "专家提醒,膜污染控制和运行能耗仍是工程设计中需要重点考虑的问题。",
        ],
    },
    {
        "title": "国产纳滤膜在饮用水深度处理中取得突破",
        "featured": True,
        "section": "hyzx",
        "published_at": "2018-02-28 16:45:00",
        "source": "科技日报",
        "author_title": "记者",
        "author": "赵颖",
        "tags": ["纳滤", "膜技术"],
        "paragraphs": [
            "一家国内企业研制的纳滤膜组件在南方某水厂完成一年的中试运行,出水水质稳定达到新国标要求。",
            "该组件的脱盐率与进口产品相当,价格约低三成,为饮用水深度处理提供了新选择。",
        ],
    },
    {
        "title": "关于举办膜分离技术培训班的通知",
        "section": "tzgg",
        "published_at": "2018-03-07 09:30:00",
        "tags": ["培训"],
        "pinned": True,
        "paragraphs": [
            "各会员单位:为提高从业人员的技术水平,协会定于四月中旬在天津举办膜分离技术培训班。",
            "培训内容包括膜材料基础、系统设计与运行维护,学员考核合格后颁发结业证书。请于3月30日前报名。",
        ],
    },
    {
        "title": "关于征集2018年度行业标准制修订项目的通知",
        "section": "tzgg",
        "published_at": "2018-03-01 10:00:00",
        "tags": ["行业标准"],
        "paragraphs": [
            "为完善膜产业标准体系,协会现面向会员单位征集本年度行业标准制修订项目建议。",
            "请填写项目建议书,写明标准名称、适用范围和主要技术内容,于4月15日前报送协会秘书处。",
        ],
    },
    {
        "title": "协会2018年春节放假安排",
        "section": "tzgg",
        "published_at": "2018-02-08 17:00:00",
        "tags": [],
        "paragraphs": [
            "根据国家有关规定,协会秘书处春节期间放假,2月22日起正常上班。",
            "放假期间如有急事,请发送电子邮件至协会邮箱,我们将在上班后及时回复。",
        ],
    },
    {
        "title": "国家鼓励发展的重大环保技术装备目录发布",
        "section": "zcfg",
        "published_at": "2018-03-02 09:00:00",
        "source": "工业和信息化部网站",
        "author_title": "",
        "author": "",
        "tags": ["政策解读", "膜技术"],
        "paragraphs": [
            "新版目录将多项膜分离装备列入其中,涉及海水淡化、工业废水零排放和污水资源化利用等领域。",
            "协会将组织会员单位学习目录内容,帮助企业把握政策方向。",
        ],
    },
    {
        "title": "《水污染防治行动计划》实施情况解读",
        "section": "zcfg",
        "published_at": "2018-02-24 10:30:00",
        "tags": ["政策解读", "水利行业"],
        "paragraphs": [
            "行动计划实施以来,重点流域水质总体改善,城镇污水处理能力明显提升。",
            "解读指出,下一阶段将更加重视再生水利用,膜法再生水工艺有望获得更大的市场空间。",
        ],
    },
    {
        "title": "海水淡化利用发展行动计划要点",
        "section": "zcfg",
        "published_at": "2018-02-12 15:00:00",
        "tags": ["海水淡化", "政策解读"],
        "paragraphs": [
            "行动计划提出扩大海水淡化水在沿海地区的利用规模,推动关键装备和膜材料的国产化。",
            "计划还要求完善海水淡化水进入市政供水系统的标准与价格机制。",
        ],
    },
]
