class ReprintError(ValueError):
    """The input cannot be imported; str() is a message for the editor, in Chinese."""
