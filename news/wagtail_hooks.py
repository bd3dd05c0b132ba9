from django.contrib import messages
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Author, EmulationBloc, Organisation
from .review import changes_requested_notice


@hooks.register("insert_editor_js")
def vietnamese_slug_js():
    return format_html('<script src="{}"></script>', static("news/js/vietnamese-slug.js"))


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    """The editor opening a story sent back for changes sees the reviewer's request and comment first."""
    if request.method == "GET":
        notice = changes_requested_notice(page)
        if notice:
            messages.warning(request, notice)


@hooks.register("insert_editor_js")
def headline_js():
    return format_html('<script src="{}"></script>', static("news/js/headline.js"))


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Tác giả"
    list_display = ["name", "role"]
    search_fields = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Đơn vị"
    list_display = ["name", "short_name"]
    search_fields = ["name"]


class EmulationBlocViewSet(SnippetViewSet):
    model = EmulationBloc
    icon = "list-ul"
    menu_label = "Khối thi đua"
    list_display = ["name"]
    search_fields = ["name"]


class NewsSnippetsGroup(SnippetViewSetGroup):
    items = (EmulationBlocViewSet, OrganisationViewSet, AuthorViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Danh mục thi đua"
    menu_name = "danh-muc-thi-dua"


register_snippet(NewsSnippetsGroup)
