"""The reviewer and viewer groups: now defined, with every role, in ``core/roles.py`` and
applied to the groups after every migrate (and flush), so that one file says
what each role may do. This step is kept, empty, for databases that ran it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_review_permission"), ("sources", "0002_audit_history")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
