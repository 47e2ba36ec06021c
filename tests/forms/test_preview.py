"""`motcua preview`: one procedure's form, reloaded when its file changes, problems shown instead."""

from __future__ import annotations

import os

from builder.commands.preview import preview_app

from . import fixture


def _bump(path, step: int) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + step * 1_000_000_000))


def test_preview_shows_the_form_then_the_problems_then_the_form_when_the_file_changes(tmp_path):
    folder = fixture.write(tmp_path / "procedures") / fixture.CODE
    app = preview_app(folder, tmp_path / "instance")
    app.config["TESTING"] = True
    client = app.test_client()
    assert "Bắt đầu" in client.get(f"/procedures/{fixture.CODE}/apply").get_data(as_text=True)

    broken = fixture.document()
    broken["cases"][0]["form"]["pages"][0]["schema"]["properties"]["birth_date"]["x-widget"] = "textarea"
    fixture.write(tmp_path / "procedures", broken)
    _bump(folder / "procedure.json", 1)
    page = client.get(f"/procedures/{fixture.CODE}/apply").get_data(as_text=True)
    assert "Lỗi trong định nghĩa thủ tục" in page and "a date cannot be typed" in page

    fixed = fixture.document()
    fixed["name"]["vi"] = "Tên mới của thủ tục"
    fixture.write(tmp_path / "procedures", fixed)
    _bump(folder / "procedure.json", 2)
    page = client.get(f"/procedures/{fixture.CODE}").get_data(as_text=True)
    assert "Tên mới của thủ tục" in page


def test_preview_command_is_registered():
    from builder.cli import cli

    assert "preview" in cli.commands
