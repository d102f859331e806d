from . import applications, directory  # noqa: F401 - each registers its screens
