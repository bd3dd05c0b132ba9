"""Give every existing site its settings row, with demo contact details editors replace in the admin.

Reviewers (*Duyệt bài*) may change it: like everything readers see, the site's name
and contact block change only through a reviewer or a superuser.
"""

from django.db import migrations

DEMO = {
    "site_name": "Thi đua – Khen thưởng",
    "tagline": "Chuyên mục phong trào thi đua yêu nước",
    "footer_text": (
        "Đăng tải thông tin về các phong trào thi đua, khối thi đua, gương tập thể và cá nhân tiêu biểu."
    ),
    "governing_body": "Ban Thi đua – Khen thưởng Trung ương (dữ liệu mẫu)",
    "responsible_person": "Trưởng Ban biên tập (dữ liệu mẫu)",
    "licence": "Giấy phép số 00/GP-TTĐT (dữ liệu mẫu, cần thay bằng số giấy phép thật)",
    "address": "Số 1 phố Mẫu, quận Ba Đình, Hà Nội (dữ liệu mẫu)",
    "phone": "024 0000 0000",
    "email": "banbientap@thidua.example",
}


def fill(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("core")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    change = Permission.objects.get(content_type__app_label="core", codename="change_portalsettings")
    for group in Group.objects.filter(name="Duyệt bài"):
        group.permissions.add(change)
    Site = apps.get_model("wagtailcore", "Site")
    PortalSettings = apps.get_model("core", "PortalSettings")
    for site in Site.objects.all():
        PortalSettings.objects.get_or_create(site=site, defaults=DEMO)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reports_portal_settings"), ("news", "0002_site_structure_groups_workflow")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
