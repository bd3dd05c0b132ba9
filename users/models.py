from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The portal's account model.

    Swappable from day one so staff profile fields (unit, position) can be added
    later without the painful mid-project switch away from ``auth.User``.
    """

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
