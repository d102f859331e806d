"""The association's members: the directory (会员单位), their news, and applying to join."""
