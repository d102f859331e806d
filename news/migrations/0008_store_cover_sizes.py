"""Store the size of covers saved without it (the demo covers before this release).

Without a stored size Django opens the image file each time such an article is loaded, on
every list page that shows it.
"""

from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.db import migrations
from django.db.models import Q


def store_cover_sizes(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    missing = (
        Article.objects.exclude(cover_image="")
        .filter(Q(cover_width__isnull=True) | Q(cover_height__isnull=True))
        .values_list("pk", "cover_image")
    )
    for pk, name in missing.iterator():
        try:
            with default_storage.open(name) as image:
                width, height = get_image_dimensions(image)
        except OSError:
            continue  # the file is gone: nothing to measure (the page shows no size either)
        if width and height:
            Article.objects.filter(pk=pk).update(cover_width=width, cover_height=height)


class Migration(migrations.Migration):
    dependencies = [("news", "0007_public_index")]

    operations = [migrations.RunPython(store_cover_sizes, migrations.RunPython.noop)]
