from datetime import date

import pytest

from core import org
from core.enums import MemberCategory, OrgType, Sex, Standing, UnitKind
from core.errors import DomainError
from core.idcard import make_id_number
from core.settings import Settings
from core.store import Store
from tests.core.helpers import member, unit


def _input(store: Store, **overrides: object) -> org.MemberInput:
    values: dict[str, object] = {
        "name": "李娜", "id_number": make_id_number("110105", date(1990, 3, 8), 22, Sex.FEMALE), "unit_id": unit(store),
        "sex": Sex.FEMALE, "birth_date": date(1990, 3, 8), "join_date": date(2015, 7, 1), "full_date": date(2016, 7, 1),
        "phone": "13800138000",
    }
    values.update(overrides)
    return org.MemberInput(**values)  # type: ignore[arg-type]


def test_member_is_stored_with_pinyin_keys(store: Store) -> None:
    mid = member(store, "张伟强")
    row = store.get("members", mid)
    assert row["pinyin"] == "zhangweiqiang" and row["initials"] == "zwq"


def test_duplicate_id_number_refused(store: Store) -> None:
    org.add_member(store, _input(store))
    with pytest.raises(DomainError, match="已登记在党员“李娜”名下"):
        org.add_member(store, _input(store, name="李娜娜"))
    assert store.scalar("SELECT count(*) FROM members") == 1


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"name": ""}, "请填写姓名"),
        ({"name": "李娜3"}, "数字或特殊符号"),
        ({"sex": Sex.MALE}, "性别"),
        ({"birth_date": date(1991, 3, 8)}, "出生日期"),
        ({"join_date": date(2000, 1, 1)}, "未满18周岁"),
        ({"join_date": date(2027, 1, 1)}, "晚于今天"),
        ({"full_date": date(2015, 1, 1)}, "转正时间应晚于入党时间"),
        ({"category": MemberCategory.PROBATIONARY}, "预备党员不应有转正时间"),
        ({"phone": "12345abc"}, "格式不对"),
        ({"name": "李\x07娜"}, "控制字符"),
        ({"id_number": "11010519900308002"}, "18位"),
    ],
)
def test_bad_member_input_is_refused(store: Store, overrides: dict[str, object], fragment: str) -> None:
    with pytest.raises(DomainError, match=fragment):
        org.add_member(store, _input(store, **overrides))
    assert store.scalar("SELECT count(*) FROM members") == 0


def test_update_member_keeps_history_in_audit(store: Store) -> None:
    mid = org.add_member(store, _input(store)).id
    org.update_member(store, mid, _input(store, position="社保窗口"))
    assert store.get("members", mid)["position"] == "社保窗口"
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'update_member'") == 1


def test_unit_kinds_follow_organization_type(store: Store, hospital_store: Store) -> None:
    with pytest.raises(DomainError, match="只能是党支部、党总支"):
        org.create_unit(store, name="急诊科", kind=UnitKind.DEPARTMENT)
    assert org.create_unit(hospital_store, name="急诊科", kind=UnitKind.DEPARTMENT).id


def test_unit_cannot_be_its_own_ancestor(store: Store) -> None:
    a = org.create_unit(store, name="党总支", kind=UnitKind.GENERAL_BRANCH).id
    b = org.create_unit(store, name="一支部", kind=UnitKind.BRANCH, parent_id=a).id
    with pytest.raises(DomainError, match="上级单位不能是它自己"):
        org.update_unit(store, a, name="党总支", kind=UnitKind.GENERAL_BRANCH, parent_id=b)


def test_settings_validation(store: Store) -> None:
    with pytest.raises(DomainError, match="合计应为100%"):
        org.update_settings(store, Settings(five_review_weights={"self": 10, "peer": 20, "public": 30, "leader": 20,
                                                                 "organization": 30}))
    with pytest.raises(DomainError, match="不是有效日期"):
        org.update_settings(store, Settings(extra_holidays=("2027-02-30",)))
    with pytest.raises(DomainError, match="0到100"):
        org.update_settings(store, Settings(pass_threshold_percent="120"))
    org.update_settings(store, Settings(pass_threshold_percent="85", publicity_working_days=7))
    assert store.settings().publicity_working_days == 7


def test_setup_twice_is_refused(store: Store) -> None:
    with pytest.raises(DomainError, match="已经建立"):
        org.setup_organization(store, name="另一个", org_type=OrgType.TOWN)


def test_photo_must_be_jpeg(store: Store) -> None:
    mid = member(store)
    with pytest.raises(DomainError, match="JPEG"):
        org.set_member_photo(store, mid, b"\x89PNG....")
    org.set_member_photo(store, mid, b"\xff\xd8\xff\xe0fakejpeg")
    assert store.scalar("SELECT photo IS NOT NULL FROM members WHERE id = ?", [mid]) == 1


def test_serving_member_cannot_be_marked_transferred_or_demote_a_leader(store: Store, clock: object) -> None:
    from tests.core.helpers import batch, bring_on_duty, collective_post

    b = batch(store)
    leader, other = member(store, "王强"), member(store, "李军")
    post = collective_post(store, [leader, other], b, leader_id=leader)
    bring_on_duty(store, clock, [post], b)
    row = store.get("members", other)
    base = {"name": row["name"], "id_number": row["id_number"], "unit_id": row["unit_id"],
            "join_date": date(2010, 7, 1), "full_date": date(2011, 7, 1)}
    with pytest.raises(DomainError, match="请先在示范岗中调整人员或撤岗"):
        org.update_member(store, other, org.MemberInput(**base, standing=Standing.TRANSFERRED_OUT))  # type: ignore[arg-type]
    lead = store.get("members", leader)
    with pytest.raises(DomainError, match="负责人应为正式党员"):
        org.update_member(store, leader, org.MemberInput(
            name=lead["name"], id_number=lead["id_number"], unit_id=lead["unit_id"], join_date=date(2026, 1, 1),
            category=MemberCategory.PROBATIONARY))
    assert store.get("members", other)["standing"] == "normal"
    org.update_member(store, other, org.MemberInput(**base, position="新岗位"))  # type: ignore[arg-type]


def test_under_eighteen_cannot_be_a_member_even_without_a_join_date(store: Store) -> None:
    from datetime import date

    from core.enums import MemberCategory, Sex
    from core.errors import DomainError
    from core.idcard import make_id_number
    from tests.core.helpers import unit

    birth = date(2012, 5, 1)
    data = org.MemberInput(name="少年乙", id_number=make_id_number("110105", birth, 30, Sex.MALE), unit_id=unit(store),
                           category=MemberCategory.FULL, sex=Sex.MALE, birth_date=birth)
    with pytest.raises(DomainError, match="未满18周岁") as caught:
        org.add_member(store, data)
    assert caught.value.field == "id_number"
    assert store.scalar("SELECT count(*) FROM members") == 0


def test_surnames_are_found_by_every_reading(tmp_path: object) -> None:
    """解鹏波 is Xiè Péngbō: xpb must find him (pypinyin alone reads 解 as jiě)."""
    full, initials = org.pinyin_keys("解鹏波")
    assert "xpb" in initials.split() and "jpb" in initials.split() and "xiepengbo" in full
    assert org.pinyin_keys("张伟强") == ("zhangweiqiang", "zwq")


def test_opening_an_older_database_recomputes_search_keys(tmp_path: object) -> None:
    from pathlib import Path

    from core.enums import MemberCategory, Sex
    from core.idcard import make_id_number
    from core.store import open_store
    from tests.core.helpers import unit

    path = Path(str(tmp_path)) / "old.db"
    store = open_store(path)
    org.setup_organization(store, name="长安街道党工委", org_type=OrgType.STREET, supervision_phone="010-65123456")
    data = org.MemberInput(name="解鹏波", id_number=make_id_number("110105", date(1980, 1, 2), 14, Sex.MALE),
                           unit_id=unit(store), category=MemberCategory.FULL, sex=Sex.MALE, birth_date=date(1980, 1, 2))
    member_id = org.add_member(store, data).id
    with store.transaction():  # as a database written before m002 looks
        store.db.execute("UPDATE members SET pinyin = 'jiepengbo', initials = 'jpb' WHERE id = ?", [member_id])
        store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_surname_search_keys'")
    store.close()
    reopened = open_store(path)
    try:
        assert "xpb" in reopened.scalar("SELECT initials FROM members WHERE id = ?", [member_id]).split()
    finally:
        reopened.close()


def test_a_merged_unit_of_another_kind_can_still_be_edited(store: Store) -> None:
    """A hospital 科室 merged into a street database keeps its kind when renamed; a new one is refused."""
    from core.errors import DomainError

    with store.transaction():
        unit_id = store.insert("units", {"uid": "u-1", "name": "急诊科", "kind": UnitKind.DEPARTMENT.value,
                                         "parent_id": None, "secretary": "", "active": 1, "created_at": "2026-01-01"})
    org.update_unit(store, unit_id, name="急诊医学科", kind=UnitKind.DEPARTMENT, parent_id=None, secretary="")
    assert store.get("units", unit_id)["name"] == "急诊医学科"
    with pytest.raises(DomainError, match="不能是科室"):
        org.create_unit(store, name="新科室", kind=UnitKind.DEPARTMENT)
