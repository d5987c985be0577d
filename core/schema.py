"""The database schema, as sqlite-utils migrations. Never edit an applied migration: add one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "sfg"
migrations = Migrations(MIGRATION_SET)

_TABLES = """
CREATE TABLE organization (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    org_type TEXT NOT NULL CHECK (org_type IN ('street','town','hospital','agency')),
    supervision_phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    parent_id INTEGER REFERENCES units(id),
    secretary TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('male','female')),
    ethnicity TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    education TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL CHECK (category IN ('full','probationary')),
    join_date TEXT,
    full_date TEXT,
    standing TEXT NOT NULL DEFAULT 'normal',
    unit_id INTEGER NOT NULL REFERENCES units(id),
    position TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    photo BLOB,
    notes TEXT NOT NULL DEFAULT '',
    pinyin TEXT NOT NULL DEFAULT '',
    initials TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX members_unit ON members(unit_id);
CREATE TABLE campaign_years (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    started_on TEXT NOT NULL
);
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    year_id INTEGER NOT NULL REFERENCES campaign_years(id),
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    created_on TEXT NOT NULL,
    UNIQUE (year_id, number)
);
CREATE TABLE publicity_periods (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    start_on TEXT NOT NULL,
    end_on TEXT NOT NULL,
    working_days INTEGER NOT NULL,
    calendar_note TEXT NOT NULL,
    used_fallback INTEGER NOT NULL,
    channel TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    kind TEXT NOT NULL CHECK (kind IN ('individual','collective')),
    name TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    location TEXT NOT NULL DEFAULT '',
    display_identity TEXT NOT NULL DEFAULT '',
    display_duties TEXT NOT NULL DEFAULT '',
    display_pledge TEXT NOT NULL DEFAULT '',
    display_process TEXT NOT NULL DEFAULT '',
    display_results TEXT NOT NULL DEFAULT '',
    creations TEXT NOT NULL DEFAULT '[]',
    stage TEXT NOT NULL,
    code TEXT UNIQUE,
    placard_no TEXT UNIQUE,
    nominated_on TEXT NOT NULL,
    publicity_id INTEGER REFERENCES publicity_periods(id),
    confirmed_on TEXT,
    ended_on TEXT,
    end_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX posts_batch ON posts(batch_id);
CREATE INDEX posts_unit ON posts(unit_id);
CREATE INDEX posts_stage ON posts(stage);
CREATE TABLE post_members (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    role TEXT NOT NULL CHECK (role IN ('leader','member')),
    name_snapshot TEXT NOT NULL,
    unit_snapshot TEXT NOT NULL,
    position_snapshot TEXT NOT NULL,
    category_snapshot TEXT NOT NULL,
    consent INTEGER,
    consent_on TEXT,
    consent_note TEXT NOT NULL DEFAULT '',
    joined_on TEXT NOT NULL,
    left_on TEXT,
    left_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX post_members_post ON post_members(post_id);
CREATE INDEX post_members_member ON post_members(member_id);
CREATE TABLE deliberations (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    held_on TEXT NOT NULL,
    participants INTEGER NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    checklist TEXT NOT NULL
);
CREATE TABLE pre_evaluations (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    held_on TEXT NOT NULL,
    ballots_issued INTEGER NOT NULL,
    ballots_returned INTEGER NOT NULL,
    threshold_percent TEXT NOT NULL,
    basic_counts INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE pre_evaluation_results (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    evaluation_id INTEGER NOT NULL REFERENCES pre_evaluations(id),
    post_id INTEGER NOT NULL UNIQUE REFERENCES posts(id),
    satisfied INTEGER NOT NULL,
    basic INTEGER NOT NULL,
    unsatisfied INTEGER NOT NULL,
    invalid INTEGER NOT NULL,
    rate REAL NOT NULL,
    passed INTEGER NOT NULL
);
CREATE TABLE objections (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    publicity_id INTEGER NOT NULL REFERENCES publicity_periods(id),
    post_id INTEGER NOT NULL REFERENCES posts(id),
    received_on TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open','upheld','rejected')),
    resolved_on TEXT,
    resolution TEXT NOT NULL DEFAULT ''
);
CREATE TABLE confirmations (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL UNIQUE REFERENCES posts(id),
    confirmed_on TEXT NOT NULL,
    code TEXT NOT NULL,
    placard_no TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE monthly_assessments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    month TEXT NOT NULL,
    score REAL NOT NULL CHECK (score >= 0 AND score <= 100),
    grade TEXT NOT NULL,
    assessed_on TEXT NOT NULL,
    assessor TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    corrected INTEGER NOT NULL DEFAULT 0,
    UNIQUE (post_id, member_id, month)
);
CREATE INDEX monthly_assessments_month ON monthly_assessments(month);
CREATE TABLE assessment_corrections (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    assessment_id INTEGER NOT NULL REFERENCES monthly_assessments(id),
    old_score REAL NOT NULL,
    new_score REAL NOT NULL,
    reason TEXT NOT NULL,
    corrected_on TEXT NOT NULL
);
CREATE TABLE rectifications (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    member_id INTEGER REFERENCES members(id),
    assessment_id INTEGER REFERENCES monthly_assessments(id),
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open','closed')),
    closed_on TEXT,
    result TEXT NOT NULL DEFAULT ''
);
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    held_on TEXT NOT NULL,
    issued INTEGER NOT NULL,
    returned INTEGER NOT NULL,
    satisfied INTEGER NOT NULL,
    basic INTEGER NOT NULL,
    unsatisfied INTEGER NOT NULL,
    invalid INTEGER NOT NULL,
    rate REAL NOT NULL,
    threshold_percent TEXT NOT NULL,
    low INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX surveys_post ON surveys(post_id);
CREATE TABLE five_reviews (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    year INTEGER NOT NULL,
    score_self REAL NOT NULL,
    score_peer REAL NOT NULL,
    score_public REAL NOT NULL,
    score_leader REAL NOT NULL,
    score_organization REAL NOT NULL,
    weights TEXT NOT NULL,
    total REAL NOT NULL,
    grade TEXT NOT NULL,
    reviewed_on TEXT NOT NULL,
    UNIQUE (post_id, member_id, year)
);
CREATE TABLE adjustments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    kind TEXT NOT NULL,
    member_out_id INTEGER REFERENCES members(id),
    member_in_id INTEGER REFERENCES members(id),
    reason TEXT NOT NULL,
    adjusted_on TEXT NOT NULL
);
CREATE TABLE revocations (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL UNIQUE REFERENCES posts(id),
    ground TEXT NOT NULL,
    description TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE placard_reclaims (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    post_id INTEGER NOT NULL UNIQUE REFERENCES posts(id),
    placard_no TEXT NOT NULL,
    reason TEXT NOT NULL,
    marked_on TEXT NOT NULL,
    returned_on TEXT,
    received_by TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    post_id INTEGER REFERENCES posts(id),
    member_id INTEGER REFERENCES members(id),
    body TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT '',
    published_on TEXT NOT NULL,
    photo BLOB
);
CREATE TABLE preferences (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL,
    head_hash TEXT NOT NULL
);
"""


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO audit_head (id, count, head_hash) VALUES (1, 0, '')")


@migrations()
def m002_surname_search_keys(db: Database) -> None:
    """Search keys now also hold the other readings of a name's first character (解 jie/xie)."""
    from core.org import pinyin_keys

    rows = db.execute("SELECT id, name FROM members").fetchall()
    db.conn.executemany("UPDATE members SET pinyin = ?, initials = ? WHERE id = ?",
                        [(*pinyin_keys(name), member_id) for member_id, name in rows])


KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)
