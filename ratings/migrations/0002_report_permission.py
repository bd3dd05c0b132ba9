"""The office (reviewers and communications staff) reads the rating reports."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("ratings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    view = apps.get_model("auth.Permission").objects.get(content_type__app_label="ratings", codename="view_rating")
    for group in apps.get_model("auth.Group").objects.filter(name__in=["Duyệt bài", "Truyền thông"]):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial"), ("news", "0002_site_structure_groups_workflow")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
