import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.commands import manage_py


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


def test_the_printed_reset_command_names_this_project_s_python(db, capsys):
    call_command("create_editor", "someone")
    capsys.readouterr()

    call_command("create_editor", "someone", "--if-missing")

    assert capsys.readouterr().out == (
        "Account 'someone' exists; its password was printed when it was created "
        f"(new one: {manage_py()} create_editor someone --reset).\n"
    )
    # The suite runs in the project's .venv, as dev.py sets it up.
    assert manage_py() == ".venv/bin/python manage.py"


def test_a_reset_keeps_the_account_s_groups(db, capsys):
    call_command("create_editor", "both", "--group", "editor", "--group", "reviewer")
    call_command("create_editor", "both", "--reset")

    password = capsys.readouterr().out.splitlines()[-1].rsplit(" ", 1)[1]
    user = get_user_model().objects.get(username="both")
    assert user.check_password(password)
    assert sorted(user.groups.values_list("name", flat=True)) == ["editor", "reviewer"]
