"""The editor group: now defined, with every role, in ``core/roles.py`` and
applied to the groups after every migrate (and flush), so that one file says
what each role may do. This step is kept, empty, for databases that ran it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0002_breakdown_check_function"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
