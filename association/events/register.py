"""我要报名: the registration form, its defences, and the confirmation page."""

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
from .models import Event
from .views import NAV

TEMPLATE = "events/register.html"
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
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        events = Event.objects.all() if request.user.is_staff else Event.objects.published()
        self.event = get_object_or_404(events.prefetch_related("questions"), slug=kwargs["slug"])

    def get(self, request, slug):
        form = RegistrationForm(event=self.event, captcha=guard().needs_captcha(request))
        return self.show(request, form, attendee_formset())

    def post(self, request, slug):
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
                    self.event.pk, fields, attendees.people(), form.answers()
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
        return render(request, TEMPLATE, context, status=status)


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
