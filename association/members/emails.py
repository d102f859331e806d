"""The e-mails an applicant gets: one at each staff decision (Django's e-mail backend)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.module_loading import import_string


def association_name():
    # settings.NEWS_SITE names the project's own details, as the feeds read them.
    return import_string(settings.NEWS_SITE)().name


def send_decision(application, decision):
    """Tell the applicant what staff decided, with their comment."""
    context = {
        "application": application,
        "decision": decision,
        "association": association_name(),
        "Status": type(application).Status,
    }
    subject = f"【{context['association']}】入会申请审核结果:{decision.get_status_display()}"
    body = render_to_string("members/email/decision.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.contact_email])
