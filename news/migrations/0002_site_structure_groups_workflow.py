"""Create what every installation needs before an editor logs in.

- the home page and the campaign index ("Phong trào thi đua") as the site root;
- the editorial groups: Biên tập viên (write, submit), Duyệt bài (review,
  publish) and Truyền thông (communications staff who rate articles);
- the moderation workflow "Quy trình duyệt tin" on the whole column, approved
  by Duyệt bài, so an editor's story cannot go live without review.
"""

import uuid

from django.db import migrations

HOME_PATH = "00010001"
INDEX_PATH = "000100010001"

EDITORS = "Biên tập viên"
REVIEWERS = "Duyệt bài"
COMMUNICATIONS = "Truyền thông"
WORKFLOW = "Quy trình duyệt tin"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = {
    EDITORS: ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    REVIEWERS: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}
MODEL_PERMISSIONS = {
    EDITORS: [
        ("news", "add_author"),
        ("news", "change_author"),
        ("news", "view_author"),
        ("news", "view_organisation"),
        ("news", "view_emulationbloc"),
    ],
    REVIEWERS: [
        ("news", f"{action}_{model}")
        for model in ("author", "organisation", "emulationbloc")
        for action in ("add", "change", "delete", "view")
    ],
    COMMUNICATIONS: [],
}


def ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, apps=apps, verbosity=0)
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def make_page(apps, model_name, **fields):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Model = apps.get_model("news", model_name)
    content_type, _ = ContentType.objects.get_or_create(app_label="news", model=model_name.lower())
    return Model.objects.create(
        content_type=content_type,
        locale=Locale.objects.order_by("pk").first(),
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
        draft_title=fields["title"],
        **fields,
    )


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Task = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    ContentType = apps.get_model("contenttypes.ContentType")

    # Replace Wagtail's "Welcome to your new Wagtail site!" page with ours.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", slug="home").delete()
    if not Page.objects.filter(path=HOME_PATH).exists():
        home = make_page(
            apps,
            "HomePage",
            title="Thi đua – Khen thưởng",
            slug="home",
            path=HOME_PATH,
            depth=2,
            numchild=1,
            url_path="/home/",
            intro="Thông tin về các phong trào thi đua yêu nước, khối thi đua và gương điển hình tiên tiến.",
        )
        make_page(
            apps,
            "CampaignIndexPage",
            title="Phong trào thi đua",
            slug="phong-trao",
            path=INDEX_PATH,
            depth=3,
            numchild=0,
            url_path="/home/phong-trao/",
            intro="",
        )
        Page.objects.filter(depth=1).update(numchild=1)
        Site.objects.all().delete()
        Site.objects.create(
            hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True, site_name="Thi đua"
        )
    home = Page.objects.get(path=HOME_PATH)

    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    root_collection = Collection.objects.get(depth=1)
    groups = {}
    for name in (EDITORS, REVIEWERS, COMMUNICATIONS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        groups[name] = group
        for codename in PAGE_PERMISSIONS.get(name, []):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(content_type=page_type, codename=codename),
            )
        for codename in COLLECTION_PERMISSIONS.get(name, []):
            app_label = "wagtaildocs" if codename.endswith("document") else "wagtailimages"
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )
        for app_label, codename in MODEL_PERMISSIONS[name]:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))

    # Wagtail's English defaults would sit beside ours and confuse editors.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()
    for default in Workflow.objects.filter(name="Moderators approval"):
        default.workflow_pages.all().delete()
        default.delete()
    apps.get_model("wagtailcore.Task").objects.filter(name="Moderators approval").delete()

    task_type = ContentType.objects.get_for_model(Task)
    task, _ = Task.objects.get_or_create(
        name=REVIEWERS, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups[REVIEWERS]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=REVIEWERS).delete()
    Group.objects.filter(name__in=[EDITORS, REVIEWERS, COMMUNICATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
