"""Who may do what with the honour roll.

Editors (Biên tập viên) keep the records: decisions, commendations, award forms, timelines and
consultations (without deleting one: its public comments would go with it), and import decision lists. Reviewers (Duyệt bài) do the same and moderate the
public's comments on consultations, which nobody else reads. Communications staff (Truyền thông)
read the records for their reports.
"""

from django.db import migrations

RECORDS = ["awardform", "decision", "commendation", "timelineevent", "consultation"]


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("honours")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    own = Permission.objects.filter(content_type__app_label="honours")
    keep = own.filter(codename__in=[f"{action}_{model}" for model in RECORDS for action in ("add", "change", "delete", "view")])
    moderate = own.filter(codename__in=["moderate_consultationcomment", "view_consultationcomment", "change_consultationcomment"])
    read = own.filter(codename__in=[f"view_{model}" for model in RECORDS])
    # Deleting a consultation deletes the public's comments with it: only moderators may.
    for group in Group.objects.filter(name="Biên tập viên"):
        group.permissions.add(*keep.exclude(codename="delete_consultation"))
    for group in Group.objects.filter(name="Duyệt bài"):
        group.permissions.add(*keep, *moderate)
    for group in Group.objects.filter(name="Truyền thông"):
        group.permissions.add(*read)


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial"), ("news", "0002_site_structure_groups_workflow")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
