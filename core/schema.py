"""The database schema, as sqlite-utils migrations. Never edit an applied migration: add one."""

from __future__ import annotations

import json

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
    from core.member_search import pinyin_keys

    rows = db.execute("SELECT id, name FROM members").fetchall()
    db.conn.executemany("UPDATE members SET pinyin = ?, initials = ? WHERE id = ?",
                        [(*pinyin_keys(name), member_id) for member_id, name in rows])


# -- m003: who was on each post's 岗前测评 ballot and in its 公示 ------------------------------------
# Documents reprinted later show the nominees of the time (DOMAIN rule 9): a member who joined the post
# afterwards is not on them, one who left afterwards still is. ``post_members.evaluated`` and
# ``post_members.publicized`` are 1 for the rows on the ballot / in the notice, 0 for the post's other
# rows at that moment, NULL for rows added later (and for rows nobody could know about: see the
# readers in core/queries/evaluation.py and publicity.py, which then go by the dates). Two triggers
# record them in the same transaction as the action, whichever code path moves the post: the ballot
# when the post leaves 已提名 with a result (passed or failed), the notice when the post gets its
# publicity period. A package merge inserts posts rather than updating them, so merged rows keep what
# they carry.
_NOMINEE_TRIGGERS = (
    """
    CREATE TRIGGER post_members_evaluated AFTER UPDATE OF stage ON posts
    WHEN OLD.stage = 'nominated' AND NEW.stage IN ('evaluation_passed', 'evaluation_failed')
    BEGIN
        UPDATE post_members SET evaluated = (left_on IS NULL) WHERE post_id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER post_members_publicized AFTER UPDATE OF publicity_id ON posts
    WHEN OLD.publicity_id IS NULL AND NEW.publicity_id IS NOT NULL
    BEGIN
        UPDATE post_members SET publicized = (left_on IS NULL) WHERE post_id = NEW.id;
    END
    """,
)


Snapshot = dict[int, int]  # post_members row id → 1 serving, 0 had left, at one moment


def _replay_nominees(events: list[tuple[str, str | None, str | None]],
                     rows: list[tuple[int, int]]) -> tuple[Snapshot | None, Snapshot | None] | None:
    """Replay one post's audit entries over its post_members rows (``(id, member_id)`` in id order):
    which rows existed, and which of them were serving, when the ballot was recorded and when the
    publicity started. None when the log does not account for the rows (a merged post, an older log)."""
    queue = list(rows)
    active: dict[int, int] = {}
    taken: list[int] = []
    ballot: Snapshot | None = None
    notice: Snapshot | None = None
    nominated = False

    def take(member_id: int) -> bool:
        if not queue or queue[0][1] != member_id:
            return False
        active[member_id] = queue.pop(0)[0]
        taken.append(active[member_id])
        return True

    def snapshot() -> Snapshot:
        serving = set(active.values())
        return {row_id: int(row_id in serving) for row_id in taken}

    try:
        for action, before_text, after_text in events:
            before = json.loads(before_text) if before_text else {}
            after = json.loads(after_text) if after_text else {}
            if action == "nominate_post":
                if nominated or not all(take(int(m)) for m in after["members"]):
                    return None
                nominated = True
            elif action == "adjust_members":
                old = [int(m) for m in before["members"]]
                new = [int(m) for m in after["members"]]
                if not nominated or any(active.pop(m, None) is None for m in old if m not in new):
                    return None
                if not all(take(m) for m in new if m not in old):
                    return None
            elif action == "record_pre_evaluation" and nominated:
                ballot = snapshot()
            elif action == "start_publicity" and nominated:
                notice = snapshot()
    except (KeyError, TypeError, ValueError):
        return None
    if not nominated or queue:
        return None
    return ballot, notice


def _by_dates(day: str, joined: str, left: str | None) -> int | None:
    """Without a usable log: 1 on the post that day, 0 left by then, None joined later."""
    if joined > day:
        return None
    return int(left is None or left > day)


@migrations()
def m003_nominee_records(db: Database) -> None:
    """Record who was evaluated and publicized on each post; backfill from the audit log, else the dates."""
    db.execute("ALTER TABLE post_members ADD COLUMN evaluated INTEGER")
    db.execute("ALTER TABLE post_members ADD COLUMN publicized INTEGER")
    posts = db.execute(
        "SELECT p.id, e.held_on, pp.start_on FROM posts p "
        "LEFT JOIN pre_evaluation_results r ON r.post_id = p.id LEFT JOIN pre_evaluations e ON e.id = r.evaluation_id "
        "LEFT JOIN publicity_periods pp ON pp.id = p.publicity_id "
        "WHERE r.id IS NOT NULL OR p.publicity_id IS NOT NULL ORDER BY p.id"
    ).fetchall()
    if posts:
        events: dict[int, list[tuple[str, str | None, str | None]]] = {}
        for post_id, action, before, after in db.execute(
            "SELECT entity_id, action, before, after FROM audit_log WHERE entity = 'posts' AND entity_id IS NOT NULL "
            "AND action IN ('nominate_post', 'adjust_members', 'record_pre_evaluation', 'start_publicity') ORDER BY id"
        ):
            events.setdefault(int(post_id), []).append((action, before, after))
        members: dict[int, list[tuple[int, int, str, str | None]]] = {}
        for row in db.execute("SELECT post_id, id, member_id, joined_on, left_on FROM post_members ORDER BY id"):
            members.setdefault(int(row[0]), []).append((int(row[1]), int(row[2]), row[3], row[4]))
        updates: list[tuple[int | None, int | None, int]] = []
        for post_id, held_on, start_on in posts:
            rows = members.get(int(post_id), [])
            replayed = _replay_nominees(events.get(int(post_id), []), [(r[0], r[1]) for r in rows])
            ballot, notice = replayed if replayed is not None else (None, None)
            for pm_id, _member, joined, left in rows:
                evaluated = None if held_on is None else (
                    ballot.get(pm_id) if ballot is not None else _by_dates(held_on, joined, left))
                publicized = None if start_on is None else (
                    notice.get(pm_id) if notice is not None else _by_dates(start_on, joined, left))
                updates.append((evaluated, publicized, pm_id))
        db.conn.executemany("UPDATE post_members SET evaluated = ?, publicized = ? WHERE id = ?", updates)
    for statement in _NOMINEE_TRIGGERS:
        db.execute(statement)


@migrations()
def m004_district_type(db: Database) -> None:
    """A 区委 (上级党委) database, which merges its offices' exchange packages, is an organization type
    of its own. SQLite cannot widen a CHECK constraint: the one-row table is rebuilt with it."""
    columns = "id, uid, name, org_type, supervision_phone, address, operator, settings, created_at"
    db.execute("""
CREATE TABLE organization_new (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    org_type TEXT NOT NULL CHECK (org_type IN ('street','town','hospital','agency','district')),
    supervision_phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
)""")
    db.execute(f"INSERT INTO organization_new ({columns}) SELECT {columns} FROM organization")
    db.execute("DROP TABLE organization")
    db.execute("ALTER TABLE organization_new RENAME TO organization")


KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)
