"""A realistic demo organization, built through the same core actions a clerk uses.

The same seed, size, organization type and day give the same data.
"""

from __future__ import annotations

import functools
import heapq
import io
import os
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from core import management as mg
from core import org, roster, workflow
from core.enums import (
    AdjustmentKind,
    Education,
    FiveCreation,
    FiveDisplay,
    HighlightKind,
    MemberCategory,
    OrgType,
    PostKind,
    PostStage,
    ProblemCategory,
    ReviewPart,
    Sex,
    Standing,
    UnitKind,
    VetoGround,
)
from core.errors import DomainError
from core.files import remove_quietly, write_atomically
from core.idcard import make_id_number
from core.store import Row, Store, open_store

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强柴华车冉房边"
)
GIVEN_MALE = "伟强军勇杰磊涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林志忠建国海峰文东晨阳新德立永兴成康瑞博"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英玲燕婷雪慧莉萍红梅琳洁颖倩佳欣悦晶蕾璐瑶琪薇菲怡岚月春兰凤云桂珍"
ETHNICITIES = ("汉族",) * 46 + ("回族", "满族", "蒙古族", "壮族")
REGIONS = ("110105", "110108", "310104", "320102", "330106", "420106", "440106", "510107", "370102", "610113")

STREET_UNITS = ("机关第一党支部", "机关第二党支部", "综合执法队党支部", "便民服务中心党支部", "退休干部党支部",
                "非公企业联合党支部", "社会组织联合党支部")
COMMUNITY_NAMES = ("东风", "向阳", "新华", "和平", "光明", "幸福", "长安", "翠园", "滨河", "锦绣", "春晖", "建设",
                   "文昌", "南湖", "北苑", "惠民", "安居", "朝阳", "永安", "丰收")
HOSPITAL_BRANCHES = ("内科党支部", "外科党支部", "护理党支部", "医技党支部", "行政后勤党支部", "门急诊党支部", "离退休党支部")
HOSPITAL_DEPARTMENTS = ("急诊科", "门诊部", "药剂科", "检验科", "放射科", "儿科", "妇产科", "心血管内科")
HOSPITAL_BRANCH_HOSPITALS = ("东院区", "城南社区卫生服务中心")

STREET_POSITIONS = ("便民服务窗口", "社区网格员", "综治信访接待", "社保服务", "民政救助", "城市管理执法", "退役军人服务",
                    "党群服务中心", "计生服务", "安全生产监督", "劳动保障", "为民代办员", "社区书记", "财务会计")
HOSPITAL_POSITIONS = ("急诊医师", "门诊导诊", "药房发药窗口", "住院部护士", "检验技师", "放射技师", "收费窗口", "儿科医师",
                      "产科助产士", "医务科", "护士长", "病案管理", "后勤保障", "医保结算")

COLLECTIVE_STREET = ("便民服务中心党员示范窗口", "社区网格化服务队", "综合执法党员突击队", "党群服务中心示范岗",
                     "退役军人服务站示范岗", "社保服务大厅党员示范岗")
COLLECTIVE_HOSPITAL = ("党员示范门诊", "急诊党员先锋岗", "药剂科党员示范窗口", "护理党员服务队", "检验科党员示范岗",
                       "儿科党员示范病区")

PLEDGES = (
    "亮明身份，热情服务；一次告知，限时办结；廉洁自律，接受监督。",
    "立足本职，勤奋工作；态度和蔼，语言文明；服务群众，办事公道。",
    "不让群众多跑一趟，不让工作在我这里延误，不让形象在我这里受损。",
)
PROCESSES = ("咨询 → 受理 → 办理 → 反馈 → 回访", "接待登记 → 分类处理 → 限时办结 → 结果公开", "预约 → 接诊 → 处置 → 随访")


@dataclass(frozen=True)
class DemoSummary:
    members: int
    units: int
    posts: int
    serving_members: int


class _Pool:
    """The eligible members not yet given a role, in order; a small organization runs out."""

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows
        self._next = 0

    def left(self) -> int:
        return len(self._rows) - self._next

    def take(self) -> Row | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]


class _Clock:
    """A movable 'today' so that every action happens on its own plausible day."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def _photo(rng: random.Random, sex: Sex) -> bytes:
    """A plain head-and-shoulders placeholder at the 2-inch ratio (35×49)."""
    from PIL import Image, ImageDraw

    width, height = 175, 245
    background = rng.choice(((67, 142, 219), (255, 255, 255), (200, 30, 40)))
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    shade = rng.choice(((60, 60, 70), (40, 40, 50), (90, 80, 70)))
    skin = (236, 205, 180)
    draw.ellipse((52, 40, 123, 125), fill=skin)
    hair_top = 32 if sex is Sex.MALE else 28
    draw.chord((48, hair_top, 127, 110), 180, 360, fill=(30, 30, 30))
    if sex is Sex.FEMALE:
        draw.rectangle((48, 70, 60, 150), fill=(30, 30, 30))
        draw.rectangle((115, 70, 127, 150), fill=(30, 30, 30))
    draw.pieslice((15, 140, 160, 330), 180, 360, fill=shade)
    draw.polygon(((75, 150), (87, 185), (100, 150)), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def build_demo(
    store: Store,
    *,
    members: int = 300,
    seed: int = 1,
    org_type: OrgType = OrgType.STREET,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with a realistic organization and a year of campaign records.

    Any size from one member up works: a small organization simply has fewer posts, and the
    steps that need more people (a collective post, a replacement, a veto, a second batch) are
    left out when there is nobody left to take them.
    """
    if store.has_organization():
        raise DomainError("演示数据只能写入空的数据库，以免与正式数据混在一起。")
    _check_size(members)
    rng = random.Random(seed)
    end = today or date.today()
    clock = _Clock(end - timedelta(days=400))
    real_clock = store.use_clock(clock)
    say = progress or (lambda _text: None)
    hospital = org_type is OrgType.HOSPITAL
    try:
        store.db.execute("PRAGMA synchronous = NORMAL")
        org.setup_organization(
            store,
            name="市第一人民医院党委" if hospital else "长安街道党工委",
            org_type=org_type,
            supervision_phone="010-65123456",
            address="长安路88号" if not hospital else "人民路1号",
            operator="党建办",
        )
        say("建立组织单元")
        branch_ids = _build_units(store, rng, members, hospital)
        say(f"登记{members}名党员")
        member_rows = _build_members(store, rng, members, branch_ids, hospital)
        say("设岗、测评、公示、确定")
        _build_campaign(store, rng, clock, end, member_rows, hospital, say)
    finally:
        store.use_clock(real_clock)
        store.db.execute("PRAGMA synchronous = FULL")
    serving = int(store.scalar(
        "SELECT count(*) FROM post_members pm JOIN posts p ON p.id = pm.post_id WHERE pm.left_on IS NULL AND p.stage = 'on_duty'"))
    return DemoSummary(
        members=int(store.scalar("SELECT count(*) FROM members")),
        units=int(store.scalar("SELECT count(*) FROM units")),
        posts=int(store.scalar("SELECT count(*) FROM posts")),
        serving_members=serving,
    )


def _check_size(members: int) -> None:
    if members < 1:
        raise DomainError(f"演示数据的党员人数应至少为1人，不能为{members}人。", field="members")


def build_demo_file(
    target: Path,
    *,
    members: int,
    seed: int,
    org_type: OrgType,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Build a demo database at ``target`` without ever leaving a half-built file under that name.

    The database is built in a hidden temporary file in the same folder; only when it is complete
    and closed (its -wal merged and gone) is it renamed to ``target``. An error removes the
    temporary file and its -wal/-shm; a killed process leaves at most the hidden temporary file
    (``.<name>.<pid>-<random>.building``), never a file under the target name. A ``target`` that
    exists and is not empty is refused, as is one whose -wal is still there (it would be replayed
    onto the new file).
    """
    target = Path(target)
    _check_size(members)
    _refuse_existing(target)
    folder = target.parent
    if not folder.is_dir():
        raise DomainError(f"文件夹“{folder}”不存在，请先建立该文件夹或另选位置。", field="db")

    def build(temp: Path) -> DemoSummary:
        try:
            # O_EXCL: never reuse a file someone else created; the mode follows the user's umask.
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError as error:
            raise DomainError(f"无法在文件夹“{folder}”中建立文件，请确认该文件夹可以写入。", field="db") from error
        try:
            store = open_store(temp)
            try:
                summary = build_demo(store, members=members, seed=seed, org_type=org_type, today=today, progress=progress)
            finally:
                store.close()
            wal = Path(f"{temp}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise RuntimeError(f"the demo database's WAL was not merged on close: {wal}")
        finally:
            for leftover in (Path(f"{temp}-wal"), Path(f"{temp}-shm"), Path(f"{temp}-journal")):
                remove_quietly(leftover)
        _refuse_existing(target)  # someone may have written it while the demo was being built
        return summary

    return write_atomically(target, build, temp_suffix=".building")


def _refuse_existing(target: Path) -> None:
    if target.exists() and (not target.is_file() or target.stat().st_size > 0):
        raise DomainError(f"{target} 已存在。演示数据只能写入新的数据库文件，以免覆盖正式数据。", field="db")
    wal = Path(f"{target}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DomainError(
            f"{wal} 已存在：同名数据库可能仍在使用或上次没有正常关闭。演示数据只能写入新的数据库文件，请换一个文件名。",
            field="db",
        )


def _build_units(store: Store, rng: random.Random, members: int, hospital: bool) -> list[int]:
    """Create the unit tree; return the ids of units members belong to."""
    branch_ids: list[int] = []
    if hospital:
        parent = org.create_unit(store, name="机关党总支", kind=UnitKind.GENERAL_BRANCH).id
        for name in HOSPITAL_BRANCHES:
            branch_ids.append(org.create_unit(store, name=name, kind=UnitKind.BRANCH, parent_id=parent, secretary=_name(rng)[0]).id)
        for name in HOSPITAL_DEPARTMENTS:
            org.create_unit(store, name=name, kind=UnitKind.DEPARTMENT, secretary=_name(rng)[0])
        for name in HOSPITAL_BRANCH_HOSPITALS:
            branch_ids.append(org.create_unit(store, name=name + "分院", kind=UnitKind.BRANCH_HOSPITAL).id)
        extra = max(0, members // 200 - len(branch_ids))
        for i in range(extra):
            branch_ids.append(org.create_unit(store, name=f"第{i + 1}临床党支部", kind=UnitKind.BRANCH, parent_id=parent).id)
        return branch_ids
    parent = org.create_unit(store, name="机关党总支", kind=UnitKind.GENERAL_BRANCH).id
    for name in STREET_UNITS:
        branch_ids.append(org.create_unit(store, name=name, kind=UnitKind.BRANCH, parent_id=parent, secretary=_name(rng)[0]).id)
    communities = max(3, members // 200 - len(branch_ids))
    for i in range(communities):
        base = COMMUNITY_NAMES[i % len(COMMUNITY_NAMES)]
        suffix = "" if i < len(COMMUNITY_NAMES) else str(i // len(COMMUNITY_NAMES) + 1)
        branch_ids.append(org.create_unit(store, name=f"{base}{suffix}社区党支部", kind=UnitKind.BRANCH, secretary=_name(rng)[0]).id)
    return branch_ids


def _name(rng: random.Random) -> tuple[str, Sex]:
    sex = Sex.MALE if rng.random() < 0.55 else Sex.FEMALE
    pool = GIVEN_MALE if sex is Sex.MALE else GIVEN_FEMALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given, sex


def _unique_id_number(region: str, birth: date, sequence: int, sex: Sex, taken: set[str]) -> tuple[str, date]:
    """A valid GB 11643 number for this birth date and sex that no earlier demo member has.

    The 顺序码 has only 1000 values (500 per sex) for a region and birth date, so in a large
    organization two members can meet on the same region, day and code: then the next free odd
    (male) or even (female) code is taken, then the same code in the other regions, and only if
    all of those are used (more than about 5,000 people born on one day) the next day of birth.
    Returns the number and the birth date it encodes; all deterministic, no random draw.
    """
    day = birth
    while True:
        for code in (region, *(r for r in REGIONS if r != region)):
            for step in range(500):
                number = make_id_number(code, day, sequence + 2 * step, sex)
                if number[:17] not in taken:
                    taken.add(number[:17])
                    return number, day
        day += timedelta(days=1)


# The demo's roster columns, headed as the roster import names its fields.
_ROSTER_FIELDS = ("name", "id_number", "unit", "category", "sex", "birth_date", "ethnicity", "education", "join_date",
                  "full_date", "standing", "position", "phone")


def _build_members(store: Store, rng: random.Random, count: int, unit_ids: list[int], hospital: bool) -> list[Row]:
    """Register the members the way an office does: one roster, through the roster import."""
    today = store.today()
    positions = HOSPITAL_POSITIONS if hospital else STREET_POSITIONS
    unit_names = dict(store.db.execute("SELECT id, name FROM units").fetchall())
    rows: list[tuple[int, Sequence[Any]]] = []
    taken: set[str] = set()
    for i in range(count):
        name, sex = _name(rng)
        if i == 7:
            name = "王𠇔"  # a CJK Extension B name: printing must fall back, never show a box
        birth = date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
        age_at_join = rng.randint(20, 40)
        join = date(min(birth.year + age_at_join, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        probationary = join > today - timedelta(days=365) or rng.random() < 0.03
        category = MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL
        if probationary and join < today - timedelta(days=360):
            join = today - timedelta(days=rng.randint(30, 300))
        full = None if probationary else min(join + timedelta(days=365 + rng.randint(0, 30)), today)
        roll = rng.random()
        standing = (Standing.TRANSFERRED_OUT if roll < 0.01 else Standing.DECEASED if roll < 0.015
                    else Standing.STOPPED if roll < 0.017 else Standing.NORMAL)
        id_number, birth = _unique_id_number(rng.choice(REGIONS), birth, i, sex, taken)
        unit = unit_names[rng.choice(unit_ids)]
        ethnicity = rng.choice(ETHNICITIES)
        education = rng.choice(list(Education)[:5])
        position = rng.choice(positions)
        phone = f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"
        rows.append((i + 2, [name, id_number, unit, category.label, sex.label, birth, ethnicity, education.label, join, full,
                             standing.label, position, phone]))
    table = roster.RosterTable(Path("演示数据"), "", 1, [roster.FIELD_LABELS[key] for key in _ROSTER_FIELDS], rows)
    preview = roster.prepare_import(store, table)
    if preview.problems:
        raise RuntimeError(f"demo members the roster import refuses: {preview.problems[:3]}")
    roster.apply_import(store, preview, source="演示数据")
    return store.rows("SELECT id, name, sex, unit_id, category, standing, position FROM members ORDER BY id")


def _deliberation(store: Store, day: date, rng: random.Random) -> workflow.Deliberation:
    return workflow.Deliberation(
        held_on=day, participants=rng.randint(8, 30),
        summary="支部委员会结合岗位业务和工作实际进行了广泛酝酿讨论，一致同意提名。",
        standard_met=[True] * len(store.terms().standard_items),
    )


def _displays(name: str, position: str, unit: str, rng: random.Random) -> dict[FiveDisplay, str]:
    return {
        FiveDisplay.IDENTITY: f"中共党员 {name}，{unit}{position}",
        FiveDisplay.DUTIES: f"负责{position}相关工作，热情接待服务对象，按规定办理各项业务，做好政策宣传解释。",
        FiveDisplay.PLEDGE: rng.choice(PLEDGES),
        FiveDisplay.PROCESS: rng.choice(PROCESSES),
        FiveDisplay.RESULTS: f"全年办理业务{rng.randint(300, 3000)}件，群众满意率{rng.randint(95, 100)}%，零投诉。",
    }


def _build_campaign(
    store: Store, rng: random.Random, clock: _Clock, end: date, members: list[Row], hospital: bool,
    say: Callable[[str], None],
) -> None:
    terms = store.terms()
    eligible = [m for m in members if m["standing"] == Standing.NORMAL.value]
    rng.shuffle(eligible)
    units = {u["id"]: u for u in store.rows("SELECT * FROM units")}
    creators = [u for u in units.values() if UnitKind(u["kind"]) in terms.collective_creators]
    total = len(members)
    n_individual = max(6, total * 4 // 100)
    n_collective = max(3, total * 6 // 1000)
    collective_names = COLLECTIVE_HOSPITAL if hospital else COLLECTIVE_STREET

    # -- main batch, about eleven months ago: nominated, evaluated, publicized, confirmed ------
    start = end - timedelta(days=360)
    clock.day = start
    main_year = start.year
    workflow.create_campaign_year(store, main_year, started_on=start)
    batch_a = workflow.create_batch(store, main_year, created_on=start).id
    pool = _Pool(eligible)
    post_ids: list[int] = []
    for _ in range(n_individual):
        m = pool.take()
        if m is None:
            break
        post_ids.append(workflow.nominate_post(store, workflow.NominationInput(
            batch_id=batch_a, kind=PostKind.INDIVIDUAL, name=f"{m['position']}党员示范岗", unit_id=m["unit_id"],
            member_ids=[m["id"]], leader_id=m["id"], deliberation=_deliberation(store, start, rng),
            location=f"{units[m['unit_id']]['name'].removesuffix('党支部')}{m['position']}",
            displays=_displays(m["name"], m["position"], units[m["unit_id"]]["name"], rng),
            creations=rng.sample(list(terms.creations), 2),
        )).id)
    for i in range(n_collective):
        unit = creators[i % len(creators)]
        size = rng.randint(3, 5)
        if pool.left() < 2:
            break  # a collective post needs at least two members
        team = [m for m in (pool.take() for _ in range(min(size, pool.left()))) if m is not None]
        leader = next((m for m in team if m["category"] == MemberCategory.FULL.value), None)
        if leader is None:
            continue
        post_ids.append(workflow.nominate_post(store, workflow.NominationInput(
            batch_id=batch_a, kind=PostKind.COLLECTIVE,
            name=f"{unit['name'].removesuffix('党支部')}{collective_names[i % len(collective_names)]}"[:40],
            unit_id=unit["id"], member_ids=[m["id"] for m in team], leader_id=leader["id"],
            deliberation=_deliberation(store, start, rng), location=unit["name"],
            displays=_displays("、".join(m["name"] for m in team), "服务", unit["name"], rng),
            creations=list(terms.creations),
        )).id)
    say(f"提名{len(post_ids)}个示范岗")
    if post_ids:
        _main_batch_onwards(store, rng, clock, end, start, batch_a, post_ids, pool, n_individual, units, say)


def _main_batch_onwards(
    store: Store, rng: random.Random, clock: _Clock, end: date, start: date, batch_a: int, post_ids: list[int],
    pool: _Pool, n_individual: int, units: dict[int, Row], say: Callable[[str], None],
) -> None:
    main_year = start.year
    # one post in thirty fails its 岗前测评; a single post passes (a tiny organization keeps one post)
    failing = set(rng.sample(post_ids, max(1, len(post_ids) // 30))) if len(post_ids) > 1 else set()
    clock.day = start + timedelta(days=7)
    counts = []
    for pid in post_ids:
        if pid in failing:
            counts.append(workflow.BallotCount(pid, satisfied=30, basic=10, unsatisfied=8, invalid=2))
        else:
            s = rng.randint(41, 50)
            counts.append(workflow.BallotCount(pid, satisfied=s, basic=min(50 - s, 3), unsatisfied=max(0, 50 - s - 3), invalid=0))
    workflow.record_pre_evaluation(store, batch_id=batch_a, held_on=clock.day, ballots_issued=52, ballots_returned=50, counts=counts)
    clock.day = start + timedelta(days=9)
    period = store.get("publicity_periods", workflow.start_publicity(store, batch_id=batch_a, start_on=clock.day).id)
    confirm_day = date.fromisoformat(period["end_on"]) + timedelta(days=3)
    clock.day = confirm_day
    passed = [pid for pid in post_ids if pid not in failing]
    for pid in passed:
        for pm in store.rows("SELECT member_id FROM post_members WHERE post_id = ?", [pid]):
            workflow.record_consent(store, post_id=pid, member_id=pm["member_id"], consent=True, on=confirm_day - timedelta(days=1))
        workflow.confirm_post(store, pid, confirmed_on=confirm_day)
    say(f"确定{len(passed)}个示范岗")
    photos = {
        row["member_id"]: _photo(rng, Sex(row["sex"]))
        for row in store.rows("SELECT DISTINCT pm.member_id, m.sex FROM post_members pm JOIN members m ON m.id = pm.member_id "
                              "ORDER BY pm.member_id")
    }
    if photos:
        org.set_member_photos(store, photos)

    # -- a year of dynamic management --------------------------------------------------------
    _dynamic_management(store, rng, clock, passed, pool, confirm_day, end, main_year, say)
    if pool.left():
        _current_batch(store, rng, clock, end, main_year, pool, n_individual, units)
    _highlights(store, rng, clock, end, passed)


def _current_batch(
    store: Store, rng: random.Random, clock: _Clock, end: date, main_year: int, pool: _Pool, n_individual: int,
    units: dict[int, Row],
) -> None:
    """A current batch at every early stage (as far as there are members left to nominate)."""
    terms = store.terms()
    this_year = end.year
    clock.day = end - timedelta(days=21)
    if this_year != main_year:
        workflow.create_campaign_year(store, this_year, started_on=date(this_year, 1, 2))
    batch_b = workflow.create_batch(store, this_year, created_on=clock.day).id
    new_posts: list[int] = []
    for _ in range(max(6, n_individual // 10)):
        m = pool.take()
        if m is None:
            break
        new_posts.append(workflow.nominate_post(store, workflow.NominationInput(
            batch_id=batch_b, kind=PostKind.INDIVIDUAL, name=f"{m['position']}党员示范岗", unit_id=m["unit_id"],
            member_ids=[m["id"]], leader_id=m["id"], deliberation=_deliberation(store, clock.day, rng),
            location=units[m["unit_id"]]["name"], displays=_displays(m["name"], m["position"], units[m["unit_id"]]["name"], rng),
            creations=rng.sample(list(terms.creations), 2),
        )).id)
    clock.day = end - timedelta(days=14)
    ballots = [workflow.BallotCount(pid, 44, 3, 2, 1) for pid in new_posts[:-1]]  # the last one is still to be evaluated
    if ballots:
        ballots[0] = workflow.BallotCount(new_posts[0], 36, 6, 7, 1)
        workflow.record_pre_evaluation(store, batch_id=batch_b, held_on=clock.day, ballots_issued=50, ballots_returned=50,
                                       counts=ballots)
    clock.day = end - timedelta(days=3)
    publicized = new_posts[1:-2]
    if publicized:
        _publicity_with_objections(store, clock, end, batch_b, publicized)


def _publicity_with_objections(store: Store, clock: _Clock, end: date, batch_b: int, publicized: list[int]) -> None:
    workflow.start_publicity(store, batch_id=batch_b, start_on=clock.day, post_ids=publicized, contact="党建办公室 010-65123456")
    clock.day = end - timedelta(days=1)
    obj = workflow.record_objection(store, post_id=publicized[0], received_on=clock.day, content="反映该同志曾多次迟到早退。", source="来电").id
    clock.day = end
    workflow.resolve_objection(store, obj, upheld=False, resolution="经核实，系工作调休，反映情况不属实。", resolved_on=end)
    if len(publicized) > 1:
        workflow.record_objection(store, post_id=publicized[1], received_on=end, content="群众来信反映服务态度生硬，待核实。", source="来信")
    if len(publicized) > 2:
        obj = workflow.record_objection(store, post_id=publicized[2], received_on=end, content="反映存在违规收受礼品问题。", source="来访").id
        workflow.resolve_objection(store, obj, upheld=True, resolution="经核实情况属实，撤回提名。", resolved_on=end)


def _highlights(store: Store, rng: random.Random, clock: _Clock, end: date, passed: list[int]) -> None:
    on_duty = [pid for pid in passed if store.scalar("SELECT stage FROM posts WHERE id = ?", [pid]) == PostStage.ON_DUTY.value]
    for h, pid in enumerate(on_duty[:4]):
        post = store.get("posts", pid)
        workflow_kind = HighlightKind.CASE if h % 2 == 0 else HighlightKind.PRACTICE
        clock.day = end - timedelta(days=30 * (h + 1))
        mg.add_highlight(
            store, kind=workflow_kind, post_id=post["id"],
            title=(f"{post['name']}：把服务做到群众心坎上" if workflow_kind is HighlightKind.CASE
                   else f"“{post['name']}”一次告知、限时办结工作法"),
            body="该岗位党员立足本职、亮明身份，主动靠前服务，创新推出预约办、上门办、帮代办等举措，群众满意度持续提升。",
            published_on=clock.day, channel=rng.choice(("宣传栏", "广播", "微信公众号", "院网")),
        )


class _Timeline:
    """The year of dynamic management, acted out in date order.

    Assessments, surveys, replacements, vetoes and reviews depend on who is on which post on the
    day: run one after another by kind (all assessments, then the replacement), the departed member
    was assessed for months after leaving and the newcomer never. Each event runs on its own day
    with the clock set to it; an event may schedule later ones (closing a rectification)."""

    def __init__(self, clock: _Clock) -> None:
        self._clock = clock
        self._events: list[tuple[date, int, Callable[[], object]]] = []
        self._count = 0

    def at(self, day: date, action: Callable[[], object]) -> None:
        heapq.heappush(self._events, (day, self._count, action))
        self._count += 1

    def run(self) -> None:
        while self._events:
            day, _, action = heapq.heappop(self._events)
            self._clock.day = day
            action()


def _dynamic_management(
    store: Store, rng: random.Random, clock: _Clock, passed: list[int], pool: _Pool, confirm_day: date, end: date,
    main_year: int, say: Callable[[str], None],
) -> None:
    timeline = _Timeline(clock)
    _schedule_monthly(store, rng, timeline, confirm_day, end, say)
    _schedule_surveys(store, rng, timeline, passed, confirm_day, end)
    _schedule_adjust_and_veto(store, timeline, passed, pool, end)
    _schedule_five_reviews(store, rng, timeline, main_year, confirm_day, end)
    timeline.run()


def _schedule_monthly(
    store: Store, rng: random.Random, timeline: _Timeline, confirm_day: date, end: date, say: Callable[[str], None]
) -> None:
    """Each month is assessed early in the next one; a few units are late with last month's."""
    month = date(confirm_day.year, confirm_day.month, 1)
    last = date(end.year, end.month, 1)
    late_month = (last - timedelta(days=1)).replace(day=1)
    while month < last:
        next_month = (month + timedelta(days=32)).replace(day=1)
        day = min(next_month + timedelta(days=rng.randint(1, 6)), end)

        def assess(key: str = f"{month:%Y-%m}", late: bool = month == late_month) -> None:
            _assess_month(store, rng, timeline, key, late, end)
            say(f"{mg.month_label(key)}考核")

        timeline.at(day, assess)
        month = next_month


def _assess_month(store: Store, rng: random.Random, timeline: _Timeline, key: str, late: bool, end: date) -> None:
    """One month's grids, unit by unit, for the members on a post in that month: serving on the day
    of the assessment and on the post since that month or earlier (a newcomer from the month they joined)."""
    day = store.today()
    serving = store.rows(
        "SELECT pm.post_id, pm.member_id, p.unit_id FROM post_members pm JOIN posts p ON p.id = pm.post_id "
        "WHERE pm.left_on IS NULL AND p.stage = 'on_duty' AND substr(p.confirmed_on, 1, 7) <= ? "
        "AND substr(pm.joined_on, 1, 7) <= ? ORDER BY p.unit_id, pm.post_id, pm.id", [key, key])
    by_unit: dict[int, list[Row]] = {}
    for row in serving:
        by_unit.setdefault(row["unit_id"], []).append(row)
    first_new = int(store.scalar("SELECT coalesce(max(id), 0) FROM rectifications"))
    for unit_id, rows in by_unit.items():
        if late and rng.random() < 0.15:
            continue  # a few units are late with last month's assessment
        entries = []
        for row in rows:
            score = rng.choice((96, 93, 91, 88, 86, 85, 82, 78)) if rng.random() > 0.02 else rng.randint(60, 75)
            problems: list[mg.Problem] = []
            if score < 80:
                problems.append(mg.Problem(rng.choice(list(ProblemCategory)), "服务中存在推诿现象，群众有意见。",
                                           day + timedelta(days=rng.choice((15, 30)))))
            entries.append(mg.AssessmentEntry(row["post_id"], row["member_id"], score,
                                              "表现突出" if score >= 90 else "", problems))
        mg.record_monthly_assessments(store, unit_id=unit_id, month=key, entries=entries, assessed_on=day, assessor="支部书记")
    # most problems found are put right three days before the deadline; a few stay open
    for rect in store.rows("SELECT id, deadline FROM rectifications WHERE id > ? AND status = 'open' ORDER BY id", [first_new]):
        closed = date.fromisoformat(rect["deadline"]) - timedelta(days=3)
        if closed <= end - timedelta(days=20) and rng.random() < 0.97:
            timeline.at(closed, functools.partial(_close_rectification, store, int(rect["id"]), closed))


def _close_rectification(store: Store, rect_id: int, on: date) -> None:
    mg.close_rectification(store, rect_id, closed_on=on, result="已整改到位，群众认可。")


def _schedule_surveys(
    store: Store, rng: random.Random, timeline: _Timeline, post_ids: list[int], confirm_day: date, end: date
) -> None:
    day = confirm_day + timedelta(days=80)
    while day <= end:
        timeline.at(day, lambda: _survey_round(store, rng, post_ids))
        day += timedelta(days=91)


def _survey_round(store: Store, rng: random.Random, post_ids: list[int]) -> None:
    """群众满意度测评 for every post on duty on the day."""
    day = store.today()
    for pid in post_ids:
        if store.scalar("SELECT stage FROM posts WHERE id = ?", [pid]) != PostStage.ON_DUTY.value:
            continue
        returned = rng.randint(20, 40)
        unsatisfied = rng.choice((0, 0, 1, 2)) if rng.random() > 0.03 else returned // 3
        basic = rng.randint(0, 4)
        invalid = rng.choice((0, 0, 1))
        satisfied = returned - unsatisfied - basic - invalid
        mg.record_survey(store, post_id=pid, held_on=day, counts=mg.SurveyCounts(
            returned + rng.randint(0, 5), returned, satisfied, basic, unsatisfied, invalid))


def _schedule_adjust_and_veto(store: Store, timeline: _Timeline, post_ids: list[int], pool: _Pool, end: date) -> None:
    """A replacement on a collective post, a withdrawal and two vetoes, placards reclaimed, and two
    rectifications left open (one overdue, one on time) — as far as the organization is big enough."""
    collective = [pid for pid in post_ids if store.scalar("SELECT kind FROM posts WHERE id = ?", [pid]) == "collective"]
    newcomer = pool.take() if collective else None
    committee = store.terms().committee
    if collective and newcomer is not None:
        def replace(pid: int = collective[0], newcomer_id: int = newcomer["id"]) -> None:
            members = store.rows("SELECT member_id, role FROM post_members WHERE post_id = ? AND left_on IS NULL", [pid])
            out = next(m["member_id"] for m in members if m["role"] == "member")
            workflow.adjust_members(store, pid, kind=AdjustmentKind.REPLACE_MEMBER, member_out_id=out,
                                    member_in_id=newcomer_id, reason="原上岗党员工作调动，由支部研究调整。", on=store.today(),
                                    newcomer_consents=True)

        timeline.at(end - timedelta(days=60), replace)
    individual = [pid for pid in post_ids if pid not in collective]
    # withdraw one post and revoke two, as far as that leaves at least one individual post on duty
    ending = individual[:0:-1][:3]
    if len(ending) >= 1:
        timeline.at(end - timedelta(days=60), lambda: workflow.withdraw_post(
            store, ending[0], reason="岗位职能调整，不再符合设岗条件。", on=store.today()))
        timeline.at(end - timedelta(days=50), lambda: _reclaim(store, ending[0]))
    if len(ending) >= 2:
        timeline.at(end - timedelta(days=40), lambda: workflow.veto_post(
            store, ending[1], ground=VetoGround.PUBLIC_OUTCRY, description="服务中与群众发生争执，造成不良影响，群众反映强烈。",
            decided_on=store.today(), decided_by=committee))
        timeline.at(end - timedelta(days=35), lambda: _reclaim(store, ending[1]))
    if len(ending) >= 3:
        timeline.at(end - timedelta(days=10), lambda: workflow.veto_post(
            store, ending[2], ground=VetoGround.VIOLATION, description="违反工作纪律，受到党内警告处分。",
            decided_on=store.today(), decided_by=committee))

    def on_duty() -> list[int]:
        return [pid for pid in individual if store.scalar("SELECT stage FROM posts WHERE id = ?", [pid]) == "on_duty"]

    def overdue() -> None:
        posts, day = on_duty(), store.today()
        if posts:
            mg.open_rectification(store, post_id=posts[0], member_id=None, opened_on=day, problem=mg.Problem(
                ProblemCategory.FORMALISM, "台账资料流于形式，未如实记录服务情况。", day + timedelta(days=20)))

    def on_time() -> None:
        posts, day = on_duty(), store.today()
        if len(posts) >= 2:
            mg.open_rectification(store, post_id=posts[1], member_id=None, opened_on=day, problem=mg.Problem(
                ProblemCategory.ATTITUDE, "群众反映答复不够耐心。", day + timedelta(days=30)))

    timeline.at(end - timedelta(days=45), overdue)
    timeline.at(end - timedelta(days=5), on_time)


def _reclaim(store: Store, post_id: int) -> None:
    reclaim = store.scalar("SELECT id FROM placard_reclaims WHERE post_id = ?", [post_id])
    workflow.record_reclaim(store, reclaim, returned_on=store.today(), received_by="党建办")


def _schedule_five_reviews(
    store: Store, rng: random.Random, timeline: _Timeline, year: int, confirm_day: date, end: date
) -> None:
    """五评 near the end of the main year (or of the next one, if the posts were confirmed after the 20th
    of December), for half of the members on duty on the day."""
    reviewed_on = min(date(year, 12, 20), end - timedelta(days=2))
    if reviewed_on < confirm_day:
        year += 1
        reviewed_on = min(date(year, 12, 20), end - timedelta(days=2))
        if reviewed_on < confirm_day:
            return

    def review() -> None:
        rows = store.rows(
            "SELECT pm.post_id, pm.member_id FROM post_members pm JOIN posts p ON p.id = pm.post_id "
            "WHERE pm.left_on IS NULL AND p.stage = 'on_duty' ORDER BY p.id, pm.id")
        for row in rows[: max(5, len(rows) // 2)]:
            base = rng.choice((95, 92, 88, 84, 79))
            scores = {part: float(min(100, max(50, base + rng.randint(-6, 5)))) for part in ReviewPart}
            mg.record_five_review(store, post_id=row["post_id"], member_id=row["member_id"], year=year, scores=scores,
                                  reviewed_on=reviewed_on)

    timeline.at(reviewed_on, review)


__all__ = ["DemoSummary", "FiveCreation", "build_demo", "build_demo_file"]
