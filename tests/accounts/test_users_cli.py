"""`workbench users`: the first admin and every account made from the server's shell."""
import json
import os
import pty
import subprocess
import sys

from workbench import accounts, db
from workbench.cli import main


def _users(db_path, *args, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--db", str(db_path), "users", *args])
    db.close_all()
    return code


def test_the_first_admin_is_made_from_the_shell_and_can_sign_in(db_path, monkeypatch, capsys):
    assert _users(db_path, "add", "王敏", "--role", "admin", "--password-stdin",
                  stdin="long-enough-1\n", monkeypatch=monkeypatch) == 0
    assert "已创建账号「王敏」（管理员）" in capsys.readouterr().out
    con = db.connect(db_path)
    assert accounts.authenticate(con, "王敏", "long-enough-1").role == "admin"
    assert con.execute("SELECT actor, action FROM audit_log").fetchall()[0][1] == "create"
    db.close_all()
    assert _users(db_path, "list", "--format", "json") == 0
    assert [(r["name"], r["role"], r["disabled"]) for r in json.loads(capsys.readouterr().out)] == [("王敏", "admin", False)]


def test_set_role_disable_and_mistakes_are_one_line_errors(db_path, monkeypatch, capsys):
    for name, role in (("王敏", "admin"), ("李文", "analyst")):
        assert _users(db_path, "add", name, "--role", role, "--password-stdin",
                      stdin="long-enough-1\n", monkeypatch=monkeypatch) == 0
    assert _users(db_path, "set-role", "李文", "--role", "leader") == 0
    assert _users(db_path, "disable", "李文") == 0
    capsys.readouterr()
    assert _users(db_path, "disable", "王敏") == 2  # the last enabled admin
    assert capsys.readouterr().err.strip() == "workbench: 错误：不能停用或降级最后一个启用的管理员账号"
    assert _users(db_path, "add", "王敏", "--role", "analyst", "--password-stdin", stdin="long-enough-1\n",
                  monkeypatch=monkeypatch) == 2
    assert _users(db_path, "add", "周洁", "--role", "analyst", "--password-stdin", stdin="short\n",
                  monkeypatch=monkeypatch) == 2
    assert "密码至少 8 个字符" in capsys.readouterr().err
    con = db.connect(db_path)
    assert accounts.account(con, "李文")["role"] == "leader" and accounts.actor_for(con, "李文") is None


def test_the_password_is_read_from_the_terminal_without_echo(db_path):
    """A real terminal (pty): the password typed twice never appears in what the terminal shows."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "--db", str(db_path), "users", "add", "王敏",
                             "--role", "admin"], stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    shown = b""

    def read_until(marker: bytes) -> None:
        nonlocal shown
        while marker not in shown:
            shown += os.read(leader, 1024)

    read_until("密码：".encode())
    os.write(leader, b"typed-secret-9\n")
    read_until("再次输入密码：".encode())
    os.write(leader, b"typed-secret-9\n")
    read_until("已创建账号".encode())
    assert proc.wait(timeout=60) == 0
    os.close(leader)
    assert b"typed-secret-9" not in shown
    assert accounts.authenticate(db.connect(db_path), "王敏", "typed-secret-9").role == "admin"
