"""What Wagtail writes on a page row for editors, never for readers.

Saving a draft, adding a comment, locking a page or adding a child updates these
columns of the live row. Code that follows what readers see (the search documents,
the content version of cached pages and fragments) must not treat such a save as a
change, or every draft save would refresh indexes and empty caches.
"""

WAGTAIL_BOOKKEEPING_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "numchild",
    }
)


def only_bookkeeping(update_fields):
    """True when a save named its fields and all of them are editors' bookkeeping."""
    return update_fields is not None and set(update_fields) <= WAGTAIL_BOOKKEEPING_FIELDS
