from django.views.generic import TemplateView


class ApplyView(TemplateView):
    template_name = "members/apply.html"


class ApplyThanksView(TemplateView):
    template_name = "members/apply_thanks.html"
