"""Saving a PDF that cannot be written, the office's emblem image kept in the database, and the
political status line of placards."""

from __future__ import annotations

import errno
import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

import core.files as files_module
from cli import run
from core.enums import MemberCategory
from core.errors import DomainError
from core.store import Store, open_store
from reports.emblem import EMBLEM_MAX_SIDE, prepare_emblem_image
from reports.render import (
    DocumentKind,
    RenderResult,
    SaveFailed,
    Scope,
    adopt_old_emblem_path,
    clear_emblem_image,
    emblem_choice_text,
    load_options,
    render,
    save_options,
    set_emblem_image,
    set_emblem_image_file,
    stored_emblem,
)
from reports.text import Problems
from tests.core import helpers
from tests.reports.conftest import SHIPPED, compact, on_duty_individual, pdf_text

NO_PHOTOS = replace(SHIPPED, show_photos=False, show_qr=False)
ENGLISH = re.compile(r"[A-Za-z]{4,}")  # an English word in a message (file names here are Chinese)


def emblem_png(size: tuple[int, int] = (400, 400), mode: str = "RGBA") -> bytes:
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    ImageDraw.Draw(image).ellipse((10, 10, size[0] - 10, size[1] - 10), fill=(255, 210, 0, 255) if mode == "RGBA" else "gold")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def image_xobjects(pdf: bytes) -> int:
    """How many raster images the PDF's pages draw (directly or inside forms)."""
    count = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


def result_for(pdf: bytes = b"%PDF-1.4 new") -> RenderResult:
    return RenderResult(pdf, 1, Problems(), DocumentKind.PLACARDS)


# -- saving ---------------------------------------------------------------------------------------
def _in_use() -> PermissionError:
    error = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process")
    error.winerror = 32  # type: ignore[attr-defined]  # what Windows says for a PDF open in Acrobat/WPS
    return error


@pytest.mark.parametrize(("error", "expected"), [
    (_in_use(), "文件正被其他程序占用"),
    (PermissionError(errno.EACCES, "Permission denied"), "正在PDF阅读器"),
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间已满"),
], ids=["in-use", "denied", "disk-full"])
def test_failed_save_says_why_in_chinese_and_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  error: OSError, expected: str) -> None:
    target = tmp_path / "示范岗标牌.pdf"
    target.write_bytes(b"%PDF-1.4 old")

    def refuse(source: object, dest: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(files_module, "replace_file", refuse)
    with pytest.raises(SaveFailed) as caught:
        result_for().save(target)
    message = str(caught.value)
    assert expected in message and "示范岗标牌.pdf" in message
    assert not ENGLISH.search(message.replace(str(tmp_path), "")), message
    assert target.read_bytes() == b"%PDF-1.4 old", "the file in place stays as it was"
    assert [p.name for p in tmp_path.iterdir()] == ["示范岗标牌.pdf"], "no temporary file left behind"


def test_save_into_a_folder_that_cannot_exist(tmp_path: Path) -> None:
    blocker = tmp_path / "文件"
    blocker.write_text("not a folder")
    with pytest.raises(SaveFailed) as caught:
        result_for().save(blocker / "标牌.pdf")
    assert "不是文件夹" in str(caught.value) or "找不到" in str(caught.value)


def test_save_replaces_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "标牌.pdf"
    target.write_bytes(b"old")
    assert result_for(b"%PDF-1.4 new").save(target) == target
    assert target.read_bytes() == b"%PDF-1.4 new"
    assert [p.name for p in tmp_path.iterdir()] == ["标牌.pdf"]


def _demo_copy(demo_db_path: Path, tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db_path, db)
    return db


def test_cli_cannot_write_output_in_chinese(demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = _demo_copy(demo_db_path, tmp_path)
    blocker = tmp_path / "占位"
    blocker.write_text("x")
    code = run(["print", "badges", "--db", str(db), "-o", str(blocker / "sub" / "胸牌.pdf"), "--shipped-fonts"])
    err = capsys.readouterr().err
    assert code != 0 and err.startswith("错误：无法保存到")
    assert "Errno" not in err and "Traceback" not in err and "directory" not in err.lower()

    def refuse(source: object, dest: object, **_kwargs: object) -> None:
        raise _in_use()

    monkeypatch.setattr(files_module, "replace_file", refuse)
    out = tmp_path / "胸牌.pdf"
    code = run(["print", "badges", "--db", str(db), "-o", str(out), "--shipped-fonts"])
    err = capsys.readouterr().err
    assert code != 0 and "文件正被其他程序占用" in err and "process" not in err
    assert not out.exists()


# -- the emblem image -----------------------------------------------------------------------------
def test_emblem_image_is_kept_in_the_database_and_survives_the_file(store: Store, clock: object, tmp_path: Path) -> None:
    post_id = on_duty_individual(store, clock, name="张伟强")
    code = str(store.get("posts", post_id)["code"])
    vector = render(store, DocumentKind.PLACARDS, Scope(post_code=code), NO_PHOTOS)
    assert image_xobjects(vector.pdf) == 0
    picture = tmp_path / "U盘" / "党徽.png"
    picture.parent.mkdir()
    picture.write_bytes(emblem_png())
    set_emblem_image_file(store, picture)
    picture.unlink()  # the USB stick is gone, or this is another PC
    picture.parent.rmdir()
    stored = stored_emblem(store)
    assert stored is not None and stored.name == "党徽.png" and stored.format == "png"
    assert all(load_options(store, kind).emblem_image == "" for kind in DocumentKind)
    assert "党徽.png" in emblem_choice_text(store, load_options(store, DocumentKind.PLACARDS))
    with_image = render(store, DocumentKind.PLACARDS, Scope(post_code=code), NO_PHOTOS)
    assert image_xobjects(with_image.pdf) == 1 and with_image.notices == []
    badges = render(store, DocumentKind.BADGES, Scope(post_code=code), NO_PHOTOS)
    assert image_xobjects(badges.pdf) == 1
    clear_emblem_image(store)
    assert stored_emblem(store) is None
    assert image_xobjects(render(store, DocumentKind.PLACARDS, Scope(post_code=code), NO_PHOTOS).pdf) == 0


def test_old_emblem_path_still_works_and_a_missing_one_falls_back(store: Store, clock: object, tmp_path: Path) -> None:
    post_id = on_duty_individual(store, clock, name="张伟强")
    code = str(store.get("posts", post_id)["code"])
    picture = tmp_path / "党徽.png"
    picture.write_bytes(emblem_png())
    old = replace(NO_PHOTOS, emblem_image=str(picture))  # what older versions saved for every document
    found = render(store, DocumentKind.PLACARDS, Scope(post_code=code), old)
    assert image_xobjects(found.pdf) == 1 and found.notices == []
    missing = replace(NO_PHOTOS, emblem_image=str(tmp_path / "拔掉的U盘" / "党徽.png"))
    fallback = render(store, DocumentKind.PLACARDS, Scope(post_code=code), missing)
    assert fallback.pages == 1 and image_xobjects(fallback.pdf) == 0
    assert len(fallback.notices) == 1 and "矢量党徽" in fallback.notices[0] and "拔出了U盘" in fallback.notices[0]
    assert fallback.warnings == [], "a notice is not a cut text"
    broken = tmp_path / "坏.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    bad = render(store, DocumentKind.PLACARDS, Scope(post_code=code), replace(NO_PHOTOS, emblem_image=str(broken)))
    assert bad.pages == 1 and bad.notices and "矢量党徽" in bad.notices[0]


def test_old_emblem_path_is_adopted_into_the_database(store: Store, tmp_path: Path) -> None:
    picture = tmp_path / "党徽.png"
    picture.write_bytes(emblem_png())
    for kind in DocumentKind:
        save_options(store, kind, replace(load_options(store, kind), emblem_image=str(picture)))
    assert adopt_old_emblem_path(store)
    stored = stored_emblem(store)
    assert stored is not None and stored.data == picture.read_bytes()
    assert all(load_options(store, kind).emblem_image == "" for kind in DocumentKind)
    assert not adopt_old_emblem_path(store)


def test_old_missing_path_is_left_and_explained(store: Store, tmp_path: Path) -> None:
    gone = tmp_path / "没有了.png"
    save_options(store, DocumentKind.PLACARDS, replace(load_options(store, DocumentKind.PLACARDS), emblem_image=str(gone)))
    assert not adopt_old_emblem_path(store)
    text = emblem_choice_text(store, load_options(store, DocumentKind.PLACARDS))
    assert "找不到" in text and "矢量党徽" in text


def test_cli_prints_with_a_missing_old_emblem_and_says_so(tmp_path: Path, demo_db_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = _demo_copy(demo_db_path, tmp_path)
    s = open_store(db)
    save_options(s, DocumentKind.BADGES, replace(load_options(s, DocumentKind.BADGES), emblem_image=r"E:\党徽.png"))
    s.close()
    out = tmp_path / "胸牌.pdf"
    assert run(["print", "badges", "--db", str(db), "-o", str(out), "--shipped-fonts"]) == 0
    captured = capsys.readouterr()
    assert out.exists() and "已生成党徽胸牌" in captured.out
    assert "注意：党徽图片" in captured.err and "矢量党徽" in captured.err


def test_emblem_pictures_are_checked(store: Store) -> None:
    with pytest.raises(DomainError, match="PNG或JPG"):
        set_emblem_image(store, b"this is a text file, not a picture")
    gif = io.BytesIO()
    Image.new("RGB", (300, 300), "red").save(gif, "GIF")
    with pytest.raises(DomainError, match="只能是PNG或JPG"):
        prepare_emblem_image(gif.getvalue())
    with pytest.raises(DomainError, match="太小"):
        prepare_emblem_image(emblem_png((60, 60)))
    with pytest.raises(DomainError, match="空的"):
        prepare_emblem_image(b"")
    assert stored_emblem(store) is None, "nothing kept after a refusal"
    big, kind = prepare_emblem_image(emblem_png((3000, 2400)))
    with Image.open(io.BytesIO(big)) as image:
        assert kind == "png" and image.format == "PNG" and max(image.size) == EMBLEM_MAX_SIDE and image.mode == "RGBA"
    jpeg = io.BytesIO()
    Image.new("RGB", (2000, 2000), "red").save(jpeg, "JPEG")
    small, kind = prepare_emblem_image(jpeg.getvalue())
    with Image.open(io.BytesIO(small)) as image:
        assert kind == "jpeg" and image.format == "JPEG" and image.size == (EMBLEM_MAX_SIDE, EMBLEM_MAX_SIDE)
    untouched = emblem_png((500, 500))
    assert prepare_emblem_image(untouched) == (untouched, "png")


# -- placards: 政治面貌 ----------------------------------------------------------------------------
def test_placard_political_status(store: Store, clock: object) -> None:
    from reports.placards import political_status

    assert political_status(MemberCategory.FULL.value) == "中共党员"
    assert political_status(MemberCategory.PROBATIONARY.value) == "中共预备党员"
    full = on_duty_individual(store, clock, name="张伟强")
    text = compact(pdf_text(render(store, DocumentKind.PLACARDS, Scope(post_code=str(store.get("posts", full)["code"])),
                                   NO_PHOTOS).pdf))
    assert "政治面貌：中共党员" in text and "正式党员" not in text
    from datetime import date, timedelta

    from core import org
    from core.enums import Sex
    from core.idcard import make_id_number

    unit_id = helpers.unit(store, "便民服务中心党支部")
    member_id = org.add_member(store, org.MemberInput(
        name="李红梅", id_number=make_id_number("110105", date(1995, 3, 8), 9, Sex.FEMALE), unit_id=unit_id,
        category=MemberCategory.PROBATIONARY, sex=Sex.FEMALE, birth_date=date(1995, 3, 8),
        join_date=store.today() - timedelta(days=200), full_date=None, position="窗口服务")).id
    batch_id = helpers.batch(store)
    post_id = helpers.individual_post(store, member_id, batch_id, name="预备党员服务岗")
    helpers.bring_on_duty(store, clock, [post_id], batch_id)
    text = compact(pdf_text(render(store, DocumentKind.PLACARDS, Scope(post_code=str(store.get("posts", post_id)["code"])),
                                   NO_PHOTOS).pdf))
    assert "政治面貌：中共预备党员" in text
