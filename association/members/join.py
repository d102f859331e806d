"""入会申请: the public form, its defences, and the thank-you page."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from association.web.antiabuse import FormGuard

from . import staging
from .join_forms import ApplicationForm

TEMPLATE = "members/apply.html"
LIMITED = "提交次数过多,请一小时后再试。您填写的内容仍在下面,可以稍后再提交。"


def guard():
    """The join form's rate limit and CAPTCHA threshold, read from the settings on every use."""
    return FormGuard(
        name="members-apply",
        limit=settings.MEMBERS_APPLY_LIMIT,
        captcha_after=settings.MEMBERS_CAPTCHA_AFTER,
        window_seconds=settings.MEMBERS_APPLY_WINDOW_SECONDS,
    )


@method_decorator(never_cache, name="dispatch")  # a CSRF token and perhaps a CAPTCHA in it
class ApplyView(View):
    def get(self, request):
        return self.show(request, ApplicationForm(captcha=guard().needs_captcha(request)))

    def post(self, request):
        if guard().over_limit(request):
            form = ApplicationForm(request.POST)
            form.refuse(LIMITED)
            return self.show(request, form, status=429)
        captcha = guard().needs_captcha(request)
        guard().record_attempt(request)
        if guard().is_robot(request):
            return redirect("members:apply-thanks")  # a robot learns nothing
        staging.sweep()
        form = ApplicationForm(request.POST, request.FILES, captcha=captcha)
        if form.is_valid():
            form.save()
            return redirect("members:apply-thanks")
        if not captcha and guard().needs_captcha(request):
            form.add_captcha()  # the next try needs it; what was typed stays
        return self.show(request, form, status=400)

    def show(self, request, form, status=200):
        context = {"form": form, "nav_link": "members:directory"}
        return render(request, TEMPLATE, context, status=status)


class ApplyThanksView(TemplateView):
    template_name = "members/apply_thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav_link="members:directory", **kwargs)
