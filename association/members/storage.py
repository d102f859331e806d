"""Private files (applicants' documents): kept under PRIVATE_MEDIA_ROOT, which no web server
serves; staff read them through views.document_download, which checks the permission."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT with no URL at all; the root is read when used, so tests and
    restores may point it elsewhere."""

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(PurePosixPath(settings.PRIVATE_MEDIA_ROOT))

    def url(self, name):
        raise ValueError("私有文件没有公开网址")


private_storage = PrivateStorage()


def document_path(instance, filename):
    # Our own name; the extension was set from the checked content before saving.
    return f"applications/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"
