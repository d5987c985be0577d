"""Organization types: the words and unit kinds each brings, changing type, and the 区委 database
(an organization type of its own since migration m004)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from core import org
from core.enums import FiveCreation, OrgType, Terms, UnitKind
from core.errors import DomainError
from core.schema import migrations
from core.store import Store, open_memory_store, open_store


def test_a_district_database_has_every_kind_of_unit_its_offices_have() -> None:
    terms = Terms(OrgType.DISTRICT)
    assert OrgType.DISTRICT.label == "区委（上级党委）" and terms.committee == "区委"
    assert set(terms.unit_kinds) == set(UnitKind)  # streets' 党支部 and hospitals' 科室、分院 side by side
    assert set(terms.creations) == set(FiveCreation) and terms.public == "群众"
    assert not terms.is_hospital and terms.is_district


def test_setting_up_a_district_database() -> None:
    store = open_memory_store()
    try:
        org.setup_organization(store, name="某区委组织部", org_type=OrgType.DISTRICT)
        assert store.terms().is_district
        org.create_unit(store, name="某医院内科", kind=UnitKind.DEPARTMENT)
    finally:
        store.close()


def test_changing_type_never_strands_units_of_a_kind_the_new_type_lacks(hospital_store: Store) -> None:
    org.create_unit(hospital_store, name="内科", kind=UnitKind.DEPARTMENT)
    with pytest.raises(DomainError, match="已有科室，不能把组织类型改为街道党工委") as caught:
        org.update_organization(hospital_store, name="测试医院党委", org_type=OrgType.STREET, supervision_phone="")
    assert caught.value.field == "org_type"
    org.update_organization(hospital_store, name="测试医院党委", org_type=OrgType.DISTRICT, supervision_phone="")
    assert hospital_store.terms().is_district
    org.update_organization(hospital_store, name="测试医院党委", org_type=OrgType.HOSPITAL, supervision_phone="")


def test_a_street_becomes_a_town_or_hospital_freely(store: Store) -> None:
    org.create_unit(store, name="第一党支部", kind=UnitKind.BRANCH)
    for org_type in (OrgType.TOWN, OrgType.HOSPITAL, OrgType.DISTRICT, OrgType.STREET):
        org.update_organization(store, name="测试街道党工委", org_type=org_type, supervision_phone="")
        assert store.organization()["org_type"] == org_type.value


def test_migration_m004_keeps_the_organization_and_admits_the_district_type(tmp_path: Path) -> None:
    path = tmp_path / "旧版.db"
    old = Database(path)
    migrations.apply(old, stop_before="m004_district_type")
    old["organization"].insert({"id": 1, "uid": "u-1", "name": "长安街道党工委", "org_type": "street",
                                "supervision_phone": "010-65123456", "settings": "{}", "created_at": "2025-01-01"})
    old.close()
    store = open_store(path)
    try:
        row = store.organization()
        assert (row["uid"], row["name"], row["supervision_phone"]) == ("u-1", "长安街道党工委", "010-65123456")
        org.update_organization(store, name="某区委组织部", org_type=OrgType.DISTRICT, supervision_phone="")
        assert store.organization()["org_type"] == "district"
    finally:
        store.close()
    assert list(tmp_path.glob("旧版.迁移前备份-*.db"))  # the copy made before migrating
