"""Member photos in bulk: image files matched to members by the ID number or the name in the file
name, turned into upright JPEGs of a sensible size and stored in one transaction."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from core.errors import DomainError, os_error_text
from core.org import set_member_photos
from core.store import Changes, Row, Store

PHOTO_MAX_SIDE = 600
PHOTO_MAX_BYTES = 300_000
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp"})


@dataclass(frozen=True)
class PhotoMatch:
    path: Path
    member_id: int
    member_name: str
    how: str  # "身份证号" or "姓名"


@dataclass
class PhotoPlan:
    matched: list[PhotoMatch]
    unmatched: list[tuple[Path, str]]
    ambiguous: list[tuple[Path, str]]

    def summary(self) -> str:
        text = f"可匹配照片{len(self.matched)}张"
        if self.ambiguous:
            text += f"，无法确定是谁的{len(self.ambiguous)}张"
        if self.unmatched:
            text += f"，未匹配{len(self.unmatched)}张"
        return text + "。"


_ID_IN_NAME = re.compile(r"(?<![0-9])(\d{17}[0-9Xx])(?![0-9])")


def match_photos(store: Store, folder: str | Path) -> PhotoPlan:
    """Match image files to members by an ID number in the file name, else by the member's name."""
    directory = Path(folder)
    if not directory.is_dir():
        raise DomainError(f"找不到文件夹“{directory}”。")
    by_number = {r["id_number"]: r for r in store.rows("SELECT id, name, id_number FROM members")}
    by_name: dict[str, list[Row]] = {}
    for row in by_number.values():
        by_name.setdefault(row["name"], []).append(row)
    plan = PhotoPlan([], [], [])
    found: dict[int, list[PhotoMatch]] = {}
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES)
    for path in files:
        stem = unicodedata.normalize("NFKC", path.stem)
        numbers = [n.upper() for n in _ID_IN_NAME.findall(stem)]
        if numbers:
            known = by_number.get(numbers[0])
            if known is None:
                plan.unmatched.append((path, f"名册中没有身份证号为{numbers[0]}的党员"))
                continue
            match = PhotoMatch(path, int(known["id"]), known["name"], "身份证号")
        else:
            words = [w for w in re.split(r"[\s_\-－—.()（）\d]+", stem) if w]
            candidates = {int(r["id"]): r for w in words for r in by_name.get(w, [])}
            if not candidates:
                plan.unmatched.append((path, "文件名中没有身份证号，也没有名册中的姓名"))
                continue
            if len(candidates) > 1:
                names = "、".join(sorted({r["name"] for r in candidates.values()}))
                plan.ambiguous.append((path, f"名册中有{len(candidates)}名党员与文件名对应（{names}），请在文件名中加上身份证号"))
                continue
            row = next(iter(candidates.values()))
            match = PhotoMatch(path, int(row["id"]), row["name"], "姓名")
        found.setdefault(match.member_id, []).append(match)
    for matches in found.values():
        if len(matches) == 1:
            plan.matched.append(matches[0])
            continue
        others = "、".join(m.path.name for m in matches)
        for item in matches:
            plan.ambiguous.append((item.path, f"党员{item.member_name}有{len(matches)}张照片（{others}），请只保留一张"))
    plan.matched.sort(key=lambda m: m.path.name)
    return plan


def normalize_photo(data: bytes) -> bytes:
    """Any common image → an upright RGB JPEG no larger than PHOTO_MAX_SIDE on its longer side."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise DomainError(f"不是可以识别的图片（{type(error).__name__}）。") from None
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    quality = 88
    while True:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True)
        if buffer.tell() <= PHOTO_MAX_BYTES or quality <= 40:
            return buffer.getvalue()
        quality -= 12


@dataclass(frozen=True)
class PhotoOutcome:
    stored: int
    failed: tuple[tuple[Path, str], ...]
    changes: Changes | None

    @property
    def message(self) -> str:
        text = f"已保存照片{self.stored}张"
        if self.failed:
            text += f"，{len(self.failed)}张无法读取"
        return text + "。"


def import_photos(store: Store, plan: PhotoPlan) -> PhotoOutcome:
    """Normalize the matched photos and store them all in one transaction."""
    photos: dict[int, bytes] = {}
    failed: list[tuple[Path, str]] = []
    for match in plan.matched:
        try:
            photos[match.member_id] = normalize_photo(match.path.read_bytes())
        except DomainError as error:
            failed.append((match.path, error.message))
        except OSError as error:
            failed.append((match.path, f"无法读取文件（{os_error_text(error)}）。"))
    changes = set_member_photos(store, photos) if photos else None
    return PhotoOutcome(len(photos), tuple(failed), changes)
