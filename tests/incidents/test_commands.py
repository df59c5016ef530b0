import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.parametrize("group", ["editor", "reviewer", "viewer"])
def test_create_editor_prints_a_one_time_password_for_each_role(db, capsys, group):
    call_command("create_editor", "someone", "--group", group)

    printed = capsys.readouterr().out
    password = re.fullmatch(r"Log in as 'someone' with password: (\S+)\n", printed).group(1)
    user = get_user_model().objects.get(username="someone")
    assert user.check_password(password)
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.is_staff and not user.is_superuser

    call_command("create_editor", "someone", "--if-missing")
    again = capsys.readouterr().out
    assert "with password:" not in again  # printed once, at creation only
    assert get_user_model().objects.get(username="someone").check_password(password)
