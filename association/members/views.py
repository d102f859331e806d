from django.views.generic import View

DirectoryView = ApplyView = ApplyThanksView = MemberDetailView = View
application_form_docx = document_download = View.as_view()
