"""Reviewers, editors and communications staff read the visitor statistics."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("stats")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    view = apps.get_model("auth.Permission").objects.get(content_type__app_label="stats", codename="view_dailytotal")
    for group in apps.get_model("auth.Group").objects.filter(name__in=["Biên tập viên", "Duyệt bài", "Truyền thông"]):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial"), ("news", "0002_site_structure_groups_workflow")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
