import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "确保本地管理员账号 admin 存在;密码取自 ADMIN_PASSWORD,未设置则生成并显示一次。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"管理员账号 {username} 已存在(忘记密码可运行:"
                f".venv/bin/python manage.py changepassword {username})。"
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = "(取自 ADMIN_PASSWORD)" if os.environ.get("ADMIN_PASSWORD") else password
        self.stdout.write(self.style.SUCCESS(f"已创建管理员账号:用户名 {username},密码 {shown}"))
        if not os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write("这个密码只显示这一次,请记下来。")
