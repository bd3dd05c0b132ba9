"""Editors and reviewers see the report of imports that need a picture or a date."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("importer")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    view = Permission.objects.get(content_type__app_label="importer", codename="view_importrecord")
    for group in Group.objects.filter(name__in=["Biên tập viên", "Duyệt bài"]):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [("importer", "0001_initial"), ("news", "0002_site_structure_groups_workflow")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
