"""The member directory and member pages: filters, search, grouping, query counts, privacy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from association.members.models import Member
from association.site.models import SiteSettings

from .factories import make_image, make_member_company, make_staff, member_field, member_level

pytestmark = pytest.mark.django_db
DIRECTORY = "/members/"


def names_on(response):
    return [m.name for m in response.context["members"]]


def test_directory_groups_members_by_level_in_the_editors_order(client):
    top, plain = member_level("副理事长单位", 1), member_level("会员单位", 9)
    make_member_company(name="乙膜业有限公司", level=plain)
    make_member_company(name="甲膜业有限公司", level=top)
    html = client.get(DIRECTORY).content.decode()
    assert html.index("副理事长单位") < html.index("甲膜业有限公司") < html.index("会员单位</h2>")
    assert html.index("会员单位</h2>") < html.index("乙膜业有限公司")
    top.position = plain.position + 1  # editors reorder the levels
    top.save()
    html = client.get(DIRECTORY).content.decode()
    assert html.index("乙膜业有限公司") < html.index("甲膜业有限公司")


def test_filter_by_province_field_and_name(client):
    make_member_company(name="苏州蓝海膜材料有限公司", short_name="蓝海膜", province="江苏",
                        fields=["膜材料"])  # fmt: skip
    make_member_company(name="天津清源水工程有限公司", province="天津", fields=["工程公司"])
    make_member_company(name="杭州膜组件制造有限公司", province="浙江", fields=["膜组件", "膜材料"])
    assert len(names_on(client.get(DIRECTORY))) == 3
    assert names_on(client.get(DIRECTORY, {"province": "天津"})) == ["天津清源水工程有限公司"]
    field = member_field("膜材料")
    assert sorted(names_on(client.get(DIRECTORY, {"field": field.pk}))) == [
        "杭州膜组件制造有限公司", "苏州蓝海膜材料有限公司",
    ]  # fmt: skip
    both = client.get(DIRECTORY, {"field": field.pk, "province": "浙江"})
    assert names_on(both) == ["杭州膜组件制造有限公司"]
    assert names_on(client.get(DIRECTORY, {"q": "蓝海膜"})) == ["苏州蓝海膜材料有限公司"]
    assert names_on(client.get(DIRECTORY, {"q": " 清源 "})) == ["天津清源水工程有限公司"]
    nothing = client.get(DIRECTORY, {"q": "不存在的单位"})
    assert "没有找到符合条件的会员单位" in nothing.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"province": "火星"}, {"field": "999999"}, {"field": "x"}, {"q": "膜" * 10_000},
     {"q": "膜😀"}, {"page": "999"}, {"page": "abc"}],
)  # fmt: skip
def test_bad_filters_are_ignored_with_a_message_never_a_500(client, params):
    make_member_company(name="示例膜业有限公司")
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    if "page" not in params and "😀" not in params.get("q", ""):
        assert "已忽略这个条件" in response.content.decode()
        assert names_on(response) == ["示例膜业有限公司"]


def test_suspended_and_departed_members_are_hidden(client):
    shown = make_member_company(name="正常膜业有限公司")
    suspended = make_member_company(name="暂停膜业有限公司", status=Member.Status.SUSPENDED)
    left = make_member_company(name="退会膜业有限公司", status=Member.Status.LEFT)
    assert names_on(client.get(DIRECTORY)) == [shown.name]
    assert client.get(shown.get_absolute_url()).status_code == 200
    for member in (suspended, left):
        assert client.get(member.get_absolute_url()).status_code == 404
        assert member.name not in client.get(DIRECTORY, {"q": "膜业"}).content.decode()
    client.force_login(make_staff())  # staff preview it, marked as hidden
    preview = client.get(suspended.get_absolute_url()).content.decode()
    assert "访客看不到这个页面" in preview


def _members(count):
    levels = [member_level(name, i) for i, name in enumerate(["副理事长单位", "理事单位"])]
    fields = [member_field("膜材料"), member_field("工程公司")]
    for i in range(count):
        member = make_member_company(
            level=levels[i % 2], province=["江苏", "北京", "广东"][i % 3],
            logo=make_image(title=f"标志{i}", size=(200, 200)) if i < 5 else None,
        )  # fmt: skip
        member.fields.set(fields[: 1 + i % 2])
    return fields[0]


# Members, the page's fields, the field choices, the count (+ the field looked up when filtered)
# and the site chrome (5, fetched once per content version: a first render after a change).
@pytest.mark.parametrize("query", [{}, {"province": "江苏"}, {"field": "FIELD", "q": "示例"}])
def test_directory_runs_the_same_queries_at_5_and_50_members(client, query):
    SiteSettings.load()  # exists on a running site
    counts = []
    for total in (5, 50):
        Member.objects.all().delete()
        field = _members(total)
        params = {k: (field.pk if v == "FIELD" else v) for k, v in query.items()}
        with CaptureQueriesContext(connection) as captured:
            response = client.get(DIRECTORY, params)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
        counts.append(len(captured.captured_queries))
        assert len(response.context["members"]) == min(total, 30) or params
    assert counts == [10 if "field" in query else 9] * 2


def test_a_repeated_directory_page_runs_no_query(client, django_assert_num_queries):
    SiteSettings.load()
    field = _members(5)
    params = {"field": field.pk, "province": "江苏"}
    client.get(DIRECTORY, params)
    with django_assert_num_queries(0):
        assert client.get(DIRECTORY, params)["X-Page-Cache"] == "hit"
    other = client.get(DIRECTORY, {"province": "北京"})  # another filter is another page
    assert other["X-Page-Cache"] == "miss"


def test_directory_pages_its_results(client, settings):
    settings.MEMBERS_PAGE_SIZE = 4
    for i in range(9):
        make_member_company(name=f"分页膜业{i:02d}有限公司")
    first, third = client.get(DIRECTORY), client.get(DIRECTORY, {"page": 3})
    assert len(first.context["members"]) == 4 and len(third.context["members"]) == 1
    assert "共 9 家" in first.content.decode()
    assert 'rel="next"' in first.content.decode()


def test_member_page_shows_public_details_and_never_private_contacts(client):
    member = make_member_company(
        name="北京碧水膜技术有限公司", short_name="碧水膜", name_en="Bishui Membrane",
        website="https://bishui.example.com/", introduction="专业从事反渗透膜研发。",
        products="反渗透膜\n超滤膜组件", phone="010-12345678", contact_person="王秘密",
        contact_mobile="13900000000", contact_email="secret@example.com",
        private_note="内部备注XYZ", fields=["膜材料"], logo=make_image(title="碧水标志", size=(300, 300)),
    )  # fmt: skip
    html = client.get(member.get_absolute_url()).content.decode()
    for shown in ("北京碧水膜技术有限公司", "Bishui Membrane", "反渗透膜", "超滤膜组件",
                  "010-12345678", "专业从事反渗透膜研发", "膜材料", "<picture>"):  # fmt: skip
        assert shown in html
    assert '<a href="https://bishui.example.com/" rel="nofollow noopener">' in html
    for secret in ("王秘密", "13900000000", "secret@example.com", "内部备注XYZ"):
        assert secret not in html
        assert secret not in client.get(DIRECTORY).content.decode()


def test_navigation_links_the_directory_and_marks_it_current(client):
    make_member_company()
    home = client.get("/").content.decode()
    assert f'<a href="{reverse("members:directory")}">会员单位</a>' in home
    directory = client.get(DIRECTORY).content.decode()
    assert f'<a href="{DIRECTORY}" aria-current="page">会员单位</a>' in directory


def test_hostile_text_in_member_fields_is_escaped(client):
    member = make_member_company(name="<script>alert(1)</script>膜业", introduction="<b>x</b>")
    html = client.get(member.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<b>x</b>" not in html


def test_the_sitemap_lists_the_directory_and_public_members_only(client):
    shown = make_member_company(name="地图膜业有限公司")
    hidden = make_member_company(name="暂停地图膜业有限公司", status=Member.Status.SUSPENDED)
    xml = client.get("/sitemap-members.xml").content.decode()
    assert "http://testserver/members/</loc>" in xml
    assert shown.get_absolute_url() in xml and hidden.get_absolute_url() not in xml
    assert "sitemap-members.xml" in client.get("/sitemap.xml").content.decode()
