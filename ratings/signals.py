"""A staff account deleted takes its ratings with it and changes the averages printed under
articles: that starts a new content version, as a new rating does (``views.show_new_average``),
so cached averages (``rules.summary``) and pages follow.

The receiver listens to the user model, not to ``Rating``: a receiver on ``Rating`` would make
Django load every row of a bulk delete to signal it (``tests/test_signal_scope.py``). A script
deleting ratings directly should call ``news.cache.bump_content_version()`` after it.
"""

from django.conf import settings
from django.db.models.signals import post_delete
from django.dispatch import receiver

from news.cache import bump_content_version


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def rater_removed(sender, **kwargs):
    bump_content_version()
