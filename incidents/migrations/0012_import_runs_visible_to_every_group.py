"""Every group reads the list of imports: now defined, with every role, in ``core/roles.py`` and
applied to the groups after every migrate (and flush), so that one file says
what each role may do. This step is kept, empty, for databases that ran it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0011_breakdown_triggers_without_subtransactions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
