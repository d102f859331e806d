from django.http import HttpResponse


def application_form_docx(request):
    return HttpResponse()


def document_download(request, pk, which):
    return HttpResponse()
