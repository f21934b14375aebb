-- rules.sql for SQLite: the same seven rules, with dates as text and months
-- counted by hand. Empty CSV fields arrive as '' rather than NULL.

CREATE VIEW f_branch_min_full_members AS
SELECT o.id AS org_id
FROM orgs o LEFT JOIN members m ON m.org_id = o.id AND m.status = 'FULL'
WHERE o.kind = 'BRANCH'
GROUP BY o.id
HAVING count(m.id) < 3;

CREATE VIEW f_branch_committee_required AS
WITH full_members AS (
  SELECT org_id, count(*) AS n FROM members WHERE status = 'FULL' GROUP BY org_id),
committee AS (
  SELECT org_id, count(DISTINCT member_id) AS n FROM positions
  WHERE role IN ('SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER', 'DISCIPLINE_MEMBER') GROUP BY org_id)
SELECT o.id AS org_id
FROM orgs o JOIN full_members f ON f.org_id = o.id LEFT JOIN committee c ON c.org_id = o.id
WHERE o.kind IN ('BRANCH', 'JOINT_BRANCH') AND f.n >= 7 AND coalesce(c.n, 0) < 3;

CREATE VIEW f_term_expired AS
WITH current_term AS (
  SELECT org_id, max(started_on) AS started_on FROM terms
  WHERE started_on <= '2026-11-30' AND (ended_on = '' OR ended_on > '2026-11-30')
  GROUP BY org_id)
SELECT o.id AS org_id
FROM orgs o JOIN current_term t ON t.org_id = o.id
WHERE o.kind IN ('COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'JOINT_BRANCH')
  AND '2026-11-30' > date(t.started_on, CASE o.kind WHEN 'COMMITTEE' THEN '+60 months' ELSE '+36 months' END);

CREATE VIEW f_general_meeting AS
WITH quarters(q) AS (VALUES (1), (2), (3)),
held AS (
  SELECT DISTINCT org_id, (CAST(substr(held_on, 6, 2) AS INTEGER) + 2) / 3 AS q FROM activities
  WHERE kind = 'GENERAL_MEETING' AND substr(held_on, 1, 4) = '2026')
SELECT o.id AS org_id, quarters.q AS quarter
FROM orgs o CROSS JOIN quarters LEFT JOIN held h ON h.org_id = o.id AND h.q = quarters.q
WHERE o.kind IN ('BRANCH', 'JOINT_BRANCH', 'TEMPORARY_BRANCH') AND h.org_id IS NULL;

CREATE VIEW f_committee_meeting AS
WITH RECURSIVE months(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM months WHERE m < 11),
full_members AS (SELECT org_id, count(*) AS n FROM members WHERE status = 'FULL' GROUP BY org_id),
held AS (
  SELECT DISTINCT org_id, CAST(substr(held_on, 6, 2) AS INTEGER) AS m FROM activities
  WHERE kind = 'COMMITTEE_MEETING' AND substr(held_on, 1, 4) = '2026')
SELECT o.id AS org_id, months.m AS month
FROM orgs o JOIN full_members f ON f.org_id = o.id CROSS JOIN months
LEFT JOIN held h ON h.org_id = o.id AND h.m = months.m
WHERE o.kind IN ('BRANCH', 'JOINT_BRANCH') AND f.n >= 7 AND h.org_id IS NULL;

CREATE VIEW f_dues_unpaid_run AS
WITH RECURSIVE months(n) AS (SELECT 2025 * 12 UNION ALL SELECT n + 1 FROM months WHERE n < 2026 * 12 + 10),
member_months AS (
  SELECT m.id AS member_id, months.n
  FROM members m JOIN months
    ON months.n >= max(2025 * 12, CAST(substr(m.admitted_on, 1, 4) AS INTEGER) * 12
                                  + CAST(substr(m.admitted_on, 6, 2) AS INTEGER) - 1)),
paid AS (
  SELECT member_id, CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER) - 1 AS n
  FROM dues),
unpaid AS (
  SELECT mm.member_id, mm.n
  FROM member_months mm LEFT JOIN paid p ON p.member_id = mm.member_id AND p.n = mm.n
  WHERE p.member_id IS NULL),
runs AS (
  SELECT member_id, n, n - row_number() OVER (PARTITION BY member_id ORDER BY n) AS run FROM unpaid)
SELECT member_id, min(n) AS first_month, max(n) AS last_month
FROM runs GROUP BY member_id, run
HAVING count(*) >= 6 AND max(n) >= 2026 * 12;

CREATE VIEW f_no_org_life_run AS
WITH holder AS (
  SELECT a.id AS activity_id, CASE WHEN o.kind = 'PARTY_GROUP' THEN o.parent_id ELSE o.id END AS branch_id,
         CAST(substr(a.held_on, 1, 4) AS INTEGER) * 12 + CAST(substr(a.held_on, 6, 2) AS INTEGER) - 1 AS n
  FROM activities a JOIN orgs o ON o.id = a.org_id
  WHERE a.held_on >= '2026-01-01' AND a.held_on <= '2026-11-30'),
held AS (SELECT DISTINCT branch_id, n FROM holder),
present AS (
  SELECT DISTINCT att.member_id, h.n
  FROM attendance att JOIN holder h ON h.activity_id = att.activity_id
  JOIN members m ON m.id = att.member_id AND m.org_id = h.branch_id),
absent AS (
  SELECT m.id AS member_id, held.n, row_number() OVER (PARTITION BY m.id ORDER BY held.n) AS k
  FROM members m JOIN held ON held.branch_id = m.org_id
  WHERE held.n >= CAST(substr(m.admitted_on, 1, 4) AS INTEGER) * 12 + CAST(substr(m.admitted_on, 6, 2) AS INTEGER) - 1),
marked AS (
  SELECT a.member_id, a.n, a.k, p.member_id IS NULL AS missed FROM absent a
  LEFT JOIN present p ON p.member_id = a.member_id AND p.n = a.n),
runs AS (
  SELECT member_id, n, k - row_number() OVER (PARTITION BY member_id ORDER BY n) AS run FROM marked WHERE missed)
SELECT member_id, min(n) AS first_month, max(n) AS last_month
FROM runs GROUP BY member_id, run HAVING count(*) >= 6;
