"""我要报名 and 填写回执: the one registration form, its defences, and the confirmation page."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from association.web.antiabuse import FormGuard

from . import services
from .forms import RegistrationForm, attendee_formset
from .models import Event, NoticeReply
from .views import NAV

TEMPLATE = "events/register.html"
MAX_ID = 2**31 - 1  # a larger id in the address is no notice (and overflows some databases)
LIMITED = "提交次数过多,请一小时后再试。您填写的内容仍在下面,可以稍后再提交。"


def guard():
    """The form's rate limit and CAPTCHA threshold, read from the settings on every use."""
    return FormGuard(
        name="events-register",
        limit=settings.EVENTS_REGISTER_LIMIT,
        captcha_after=settings.EVENTS_CAPTCHA_AFTER,
        window_seconds=settings.EVENTS_REGISTER_WINDOW_SECONDS,
    )


def robot_token():
    return "robot"  # a robot is shown a confirmation page that names nothing


@method_decorator(never_cache, name="dispatch")  # a CSRF token and perhaps a CAPTCHA in it
class RegisterView(View):
    """我要报名 for an event; ReplyView below is the same form for a notice's 回执."""

    template_name = TEMPLATE
    kind = Event

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event = self.get_target(request, **kwargs)

    def get_target(self, request, slug):
        events = Event.objects.all() if request.user.is_staff else Event.objects.published()
        return get_object_or_404(events.prefetch_related("questions"), slug=slug)

    def get(self, request, **kwargs):
        form = RegistrationForm(event=self.event, captcha=guard().needs_captcha(request))
        return self.show(request, form, attendee_formset())

    def post(self, request, **kwargs):
        form = RegistrationForm(request.POST, event=self.event)
        attendees = attendee_formset(request.POST)
        limits = guard()
        if limits.over_limit(request):
            form.is_valid()
            form.add_error(None, LIMITED)
            return self.show(request, form, attendees, status=429)
        captcha = limits.needs_captcha(request)
        limits.record_attempt(request)
        if limits.is_robot(request):
            return redirect("events:registered", token=robot_token())  # a robot learns nothing
        form = RegistrationForm(request.POST, event=self.event, captcha=captcha)
        if form.is_valid() and attendees.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            fields["member"] = form.cleaned_data.get("member")  # recognised by the form
            try:
                registration = services.register(
                    self.event.pk, fields, attendees.people(), form.answers(), kind=self.kind
                )
            except services.RegistrationRefused as refused:
                form.add_error(None, str(refused))
            else:
                token = services.confirmation_token(registration)
                return redirect("events:registered", token=token)
        if not captcha and limits.needs_captcha(request):
            form.add_captcha()  # the next try needs it; what was typed stays
        return self.show(request, form, attendees, status=400)

    def show(self, request, form, attendees, status=200):
        now = timezone.now()
        taken = self.event.seats_taken()
        context = {
            "event": self.event,
            "form": form,
            "attendees": attendees,
            "closed": services.refusal(self.event, now, 1, taken),
            "max_attendees": settings.EVENTS_MAX_ATTENDEES,
            "nav_link": NAV,
        }
        return render(request, self.template_name, context, status=status)


class ReplyView(RegisterView):
    """填写回执: a notice's 回执 (NoticeReply), at /events/reply/<the notice's id>/."""

    template_name = "events/reply.html"
    kind = NoticeReply

    def get_target(self, request, pk):
        if pk > MAX_ID:
            raise Http404("没有这个通知。")
        replies = NoticeReply.objects.select_related("article__section")
        reply = get_object_or_404(replies.prefetch_related("questions"), article_id=pk)
        if not reply.article.is_public and not request.user.is_staff:
            raise Http404("没有这个通知。")
        return reply


@never_cache
def registered(request, token):
    """The confirmation page: reachable only through the signed link the form redirects to."""
    if token == robot_token():
        registration = None
    else:
        registration = services.registration_from_token(token)
        if registration is None:
            raise Http404("这个确认链接无效或已过期。")
    context = {"registration": registration, "nav_link": NAV}
    return render(request, "events/registered.html", context)
