"""Admin login: throttled per username and address, with a cool-off; sessions expire."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from .factories import make_staff

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "pw-for-tests-9"


def attempt(client, password, username="editor", ip="203.0.113.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(client):
    return client.get("/admin/").status_code == 200


def fail(client, times, **kwargs):
    """Type a wrong password `times` times; the fifth failure is answered with the lock page."""
    for n in range(1, times + 1):
        response = attempt(client, "wrong-password", **kwargs)
        assert response.status_code == (429 if n >= 5 else 200), n


@pytest.fixture
def editor():
    return make_staff(username="editor", password=PASSWORD)


def test_five_failures_lock_the_username_from_that_address_with_a_chinese_page(client, editor):
    for _ in range(4):
        form_again = attempt(client, "wrong-password")
        assert form_again.status_code == 200 and "请输入一个正确的" in form_again.content.decode()
    fifth = attempt(client, "wrong-password")
    again = attempt(client, PASSWORD)  # even the right password is refused now
    for response in (fifth, again):
        html = response.content.decode()
        assert response.status_code == 429
        assert "登录已暂时锁定" in html and "连续 5 次密码错误" in html and "30 分钟" in html
        assert "账号“editor”" in html
        assert response["Content-Security-Policy"]
    assert not logged_in(client)


def test_a_success_before_the_limit_resets_the_count(client, editor):
    fail(client, 4)
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    fail(client, 4)
    assert attempt(client, PASSWORD).status_code == 302


def test_lock_is_per_username_and_address_pair(client, editor):
    make_staff(username="chief", password=PASSWORD)
    fail(client, 5)
    assert attempt(client, PASSWORD).status_code == 429
    # The real editor at her own desk is not locked out by someone guessing elsewhere.
    assert attempt(client, PASSWORD, ip="198.51.100.20").status_code == 302
    client.logout()
    # Another account from the guessing address still works.
    assert attempt(client, PASSWORD, username="chief").status_code == 302


def test_lock_lifts_after_the_cool_off(client, editor):
    fail(client, 5)
    assert attempt(client, PASSWORD).status_code == 429
    # Attempts during the lock restart the clock; move them 31 minutes into the past.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert attempt(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_only_our_own_proxys_forwarded_address_counts(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The visitor controls the left part of X-Forwarded-For; nginx appends the real address.
    for spoofed in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        attempt(client, "wrong", HTTP_X_FORWARDED_FOR=f"{spoofed}, 203.0.113.9")
    assert attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9").status_code == (
        429
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    other = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    assert other.status_code == 302


def test_managers_see_locks_in_chinese_and_can_unlock(client, editor):
    fail(client, 5)
    admin_client = client.__class__()
    admin_client.force_login(make_staff(username="boss"))
    changelist = reverse("admin:association_loginlock_changelist")
    html = admin_client.get(changelist).content.decode()
    for label in ("登录锁定", "用户名", "来源地址", "连续失败次数", "锁定中", "203.0.113.7"):
        assert label in html
    lock = AccessAttempt.objects.get(username="editor")
    response = admin_client.post(
        changelist, {"action": "unlock", "_selected_action": [lock.pk]}, follow=True
    )
    assert "已解除 1 条登录锁定:editor" in response.content.decode()
    assert attempt(client, PASSWORD).status_code == 302


def test_server_side_code_can_still_authenticate_without_a_request(client, editor):
    assert client.login(username="editor", password=PASSWORD)


def test_weak_passwords_are_refused():
    user = get_user_model()(username="editor")
    for weak in ("12345678", "password", "editor123", "abc"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("膜技术-Hangzhou-2018-review", user)


def test_admin_password_change_refuses_a_weak_password(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "密码" in html
    assert "这个密码太常见了" in html or "全都是数字" in html
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_login_session_ends_with_the_browser_and_within_a_working_day(client, editor):
    response = attempt(client, PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and not cookie["max-age"] and not cookie["expires"]
    session = Session.objects.get()
    lifetime = session.expire_date - timezone.now()
    assert timedelta(hours=11) < lifetime <= timedelta(hours=12)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
