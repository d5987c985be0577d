"""Member photos from real files: phone photos the right way up (EXIF orientation), transparent
PNGs on white, and the crop dialog's 向左旋转/向右旋转 buttons."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage

from core.enums import Sex, UnitKind
from core.idcard import make_id_number
from core.org import create_unit
from core.queries import member_photo
from core.store import Store
from gui import file_dialogs, photos
from gui.dialogs.member import MemberDialog
from gui.dialogs.photo_crop import PhotoCropDialog
from tests.gui.conftest import DialogDriver, context

RED = (220, 30, 30)
BLUE = (30, 60, 200)


def phone_photo(path: Path) -> Path:
    """As a phone stores a portrait: the pixels lie on their side (600 wide, 400 high) with a red
    block at the stored top-left, and EXIF orientation 6 says “turn 90° clockwise to show”."""
    image = Image.new("RGB", (600, 400), BLUE)
    image.paste(RED, (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(path, "JPEG", exif=exif.tobytes(), quality=95)
    return path


def transparent_png(path: Path) -> Path:
    image = Image.new("RGBA", (400, 560), (0, 0, 0, 0))
    image.paste((200, 40, 40, 255), (150, 200, 250, 360))
    image.save(path, "PNG")
    return path


def near(color: QColor, rgb: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip((color.red(), color.green(), color.blue()), rgb, strict=True))


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = photos.load_image(str(phone_photo(tmp_path / "手机.jpg")))
    assert (image.width(), image.height()) == (400, 600)  # upright portrait
    # turned clockwise: the stored top-left is now the top-right
    assert near(image.pixelColor(image.width() - 20, 20), RED)
    assert near(image.pixelColor(20, 20), BLUE)


def test_transparent_png_gets_a_white_background(tmp_path: Path) -> None:
    image = photos.load_image(str(transparent_png(tmp_path / "透明.png")))
    assert not image.hasAlphaChannel()
    assert near(image.pixelColor(10, 10), (255, 255, 255), 2)
    jpeg = QImage.fromData(photos.to_jpeg(image))
    assert near(jpeg.pixelColor(10, 10), (255, 255, 255), 8)
    assert near(jpeg.pixelColor(200, 280), (200, 40, 40))


def test_to_jpeg_of_an_image_with_alpha_is_white_not_black() -> None:
    image = QImage(100, 140, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    decoded = QImage.fromData(photos.to_jpeg(image))
    assert near(decoded.pixelColor(50, 70), (255, 255, 255), 8)


def test_crop_dialog_turns_the_photo(qtbot: Any) -> None:
    image = QImage(600, 400, QImage.Format.Format_RGB32)
    image.fill(QColor(*BLUE))
    for x in range(100):
        for y in range(100):
            image.setPixelColor(x, y, QColor(*RED))
    dialog = PhotoCropDialog(image)
    qtbot.addWidget(dialog)
    assert dialog.rotate_left_button.text() == "向左旋转"
    assert dialog.rotate_right_button.text() == "向右旋转"
    dialog.rotate_right_button.click()
    turned = dialog.area.image
    assert (turned.width(), turned.height()) == (400, 600)
    assert near(turned.pixelColor(380, 20), RED)  # clockwise: top-left went to top-right
    # the frame starts again on the turned picture, still 35:49 and inside it
    crop = dialog.area.crop
    assert abs(crop.width() / crop.height() - 35 / 49) < 0.01
    assert crop.right() < turned.width() and crop.bottom() < turned.height()
    dialog.rotate_left_button.click()
    dialog.rotate_left_button.click()
    turned = dialog.area.image
    assert (turned.width(), turned.height()) == (400, 600)
    assert near(turned.pixelColor(20, 580), RED)  # anticlockwise from the start: bottom-left
    decoded = QImage.fromData(dialog.jpeg())
    assert (decoded.width(), decoded.height()) == (413, 579)


@pytest.mark.parametrize("maker", [phone_photo, transparent_png])
def test_member_dialog_saves_the_chosen_file_upright_and_on_white(
        maker: Any, store: Store, qsettings: Any, qtbot: Any, driver: DialogDriver, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = maker(tmp_path / ("照片.jpg" if maker is phone_photo else "照片.png"))
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_args, **_kw: str(path))
    shown: list[QImage] = []

    def accept_crop(crop: PhotoCropDialog) -> None:
        shown.append(crop.area.image)
        crop.accept()

    driver.expect(accept_crop)
    unit = create_unit(store, name="第一党支部", kind=UnitKind.BRANCH).id
    dialog = MemberDialog(context(store, qsettings), unit_id=unit)
    qtbot.addWidget(dialog)
    dialog.field("name").setText("张伟强")
    dialog.field("id_number").setText(make_id_number("110105", date(1980, 3, 5), 11, Sex.MALE))
    dialog._choose_photo()
    assert shown and shown[0].height() > shown[0].width()  # portrait in the crop dialog
    assert not shown[0].hasAlphaChannel()
    dialog.submit()
    assert dialog.result() == 1, dialog.general_error.text()
    saved = QImage.fromData(member_photo(store, dialog.member_id))
    assert (saved.width(), saved.height()) == (413, 579)
    corner = saved.pixelColor(3, 3)
    if maker is transparent_png:
        assert near(corner, (255, 255, 255), 10)  # not black
    else:
        assert near(corner, BLUE)
        assert near(saved.pixelColor(saved.width() - 5, 5), RED)  # the red block, upright: top-right
