"""HTML pasted from a browser or Word: what is kept, what is dropped, and nothing unsafe."""

from news.reprint import parse_reprint

PARAGRAPH = "环翠区召开膜产业发展推进会,部署今年重点工作。会议要求加快项目建设,推动产业集聚发展。"


def page(body, head=""):
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_scripts_styles_event_attributes_and_hidden_text_are_dropped():
    html = page(
        f'<h1>推进会召开</h1><p onclick="alert(1)" style="color:red">{PARAGRAPH}</p>'
        "<script>document.write('广告')</script><style>p{color:red}</style>"
        '<noscript>请开启脚本</noscript><p style="display:none">隐藏的统计文字</p>'
        '<iframe src="https://ads.example/"></iframe>'
        '<p><a href="javascript:alert(1)" onmouseover="x()">链接文字</a>也保留。</p>',
        head="<script>var t=1;</script>",
    )
    parsed = parse_reprint(html)
    assert parsed.paragraphs == [PARAGRAPH, "链接文字也保留。"]
    for unsafe in ("<script", "onclick", "onmouseover", "javascript:", "style=", "广告",
                   "隐藏的统计文字", "请开启脚本", "iframe"):  # fmt: skip
        assert unsafe not in parsed.body_html


def test_bold_lines_become_headings_and_bold_words_in_a_sentence_do_not():
    html = page(
        "<h1>推进会召开</h1>"
        f"<p>{PARAGRAPH}</p>"
        "<p><b>产业集聚</b></p><p><strong><span>打造膜产业园</span></strong></p>"
        f"<p>会上,<b>五家企业</b>签约入园。{PARAGRAPH}</p>"
        '<p><span style="font-weight: 700">服务保障</span></p>'
        f"<p>{PARAGRAPH}</p>"
    )
    parsed = parse_reprint(html)
    assert parsed.headings == ["产业集聚", "打造膜产业园", "服务保障"]
    assert [i.tag for i in parsed.items] == ["p", "h2", "h3", "p", "h2", "p"]
    assert "<b>" not in parsed.body_html and "<strong>" not in parsed.body_html


def test_html_heading_levels_map_to_h2_and_h3():
    html = page(
        f"<h1>推进会召开</h1><p>{PARAGRAPH}</p><h3>一、产业集聚</h3><h4>(一)园区建设</h4>"
        f"<p>{PARAGRAPH}</p><h3>二、服务保障</h3><p>{PARAGRAPH}</p>"
    )
    parsed = parse_reprint(html)
    assert [(i.tag, i.text) for i in parsed.items if i.tag != "p"] == [
        ("h2", "一、产业集聚"), ("h3", "(一)园区建设"), ("h2", "二、服务保障"),
    ]  # fmt: skip


def test_tracking_pixels_and_icons_are_dropped_and_real_images_kept():
    html = page(
        f"<h1>推进会召开</h1><p>{PARAGRAPH}</p>"
        '<p><img src="https://img.example.org/2020/hall.jpg" alt="会场"></p>'
        '<img src="https://hm.baidu.com/hm.gif?si=1" width="0" height="0">'
        '<img src="https://www.example.org/count.php?id=3" width="1" height="1">'
        '<img src="https://cnzz.com/stat.php?id=1">'
        '<img src="/images/print.png" width="16" height="16">'
        '<p><img data-original="https://img.example.org/2020/lazy.jpg" src="data:image/gif;base64,R0lGOD"></p>'
    )
    parsed = parse_reprint(html)
    sources = [i.image_src for i in parsed.items if i.tag == "img"]
    assert sources == [
        "https://img.example.org/2020/hall.jpg",
        "https://img.example.org/2020/lazy.jpg",
    ]
    assert 'alt="会场"' in parsed.body_html


def test_line_breaks_split_paragraphs_and_source_newlines_between_chinese_do_not():
    html = page(f"<h1>推进会召开</h1><p>第一段,{PARAGRAPH}<br>第二段,\n   {PARAGRAPH}</p>")
    assert parse_reprint(html).paragraphs == [f"第一段,{PARAGRAPH}", f"第二段,{PARAGRAPH}"]


def test_deeply_nested_html_still_gives_the_article():
    html = page(
        "<h1>推进会召开</h1><p>来源:环翠区政府网</p>"
        + "<div>" * 5000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 5000
        + "<p>最后一段,项目建设全面提速。</p>"
    )  # fmt: skip
    parsed = parse_reprint(html)
    assert parsed.title == "推进会召开" and parsed.source == "环翠区政府网"
    assert parsed.paragraphs == [PARAGRAPH, "最后一段,项目建设全面提速。"]
    assert any("嵌套过深" in note for note in parsed.notes)


def test_title_from_the_title_tag_when_the_page_has_no_heading():
    html = page(
        f"<div class='t'>推进会召开</div><div>{PARAGRAPH}</div>",
        head="<title>推进会召开_要闻_环翠区政府网</title>",
    )
    parsed = parse_reprint(html)
    assert parsed.title == "推进会召开" and parsed.paragraphs == [PARAGRAPH]


def test_gov_site_meta_tags_fill_what_the_page_states():
    html = page(
        f"<h1>推进会召开</h1><p>{PARAGRAPH}</p>",
        head='<meta name="PubDate" content="2020-05-06 09:30"><meta name="ContentSource" content="环翠区政府网">',
    )
    parsed = parse_reprint(html)
    assert (parsed.published, parsed.source) == ("2020-05-06T09:30:00+08:00", "环翠区政府网")


def test_json_ld_news_article_states_the_fields_and_broken_json_ld_is_ignored():
    ld = (
        '{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],'
        '"headline":"推进会召开","datePublished":"2020-05-06T09:30:00+08:00",'
        '"author":[{"@type":"Person","name":"刘洋"},{"name":"王芳"}],"publisher":{"name":"环翠区政府网"}}]}'
    )
    html = page(
        f"<div>推进会召开</div><div>{PARAGRAPH}</div>",
        head=f'<script type="application/ld+json">{{broken</script>'
        f'<script type="application/ld+json">{ld}</script>',
    )
    parsed = parse_reprint(html)
    assert (parsed.title, parsed.author, parsed.source) == (
        "推进会召开",
        "刘洋 王芳",
        "环翠区政府网",
    )
    assert parsed.published == "2020-05-06T09:30:00+08:00" and parsed.paragraphs == [PARAGRAPH]
