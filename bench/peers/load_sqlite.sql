-- The generator's tables into SQLite, with the indexes the rules join on.
CREATE TABLE orgs (id TEXT PRIMARY KEY, parent_id TEXT, kind TEXT);
CREATE TABLE members (id TEXT PRIMARY KEY, org_id TEXT, status TEXT, admitted_on TEXT);
CREATE TABLE positions (org_id TEXT, member_id TEXT, role TEXT);
CREATE TABLE terms (org_id TEXT, started_on TEXT, ended_on TEXT);
CREATE TABLE activities (id TEXT PRIMARY KEY, org_id TEXT, kind TEXT, held_on TEXT, makeup_for TEXT);
CREATE TABLE attendance (activity_id TEXT, member_id TEXT);
CREATE TABLE dues (member_id TEXT, month TEXT);
.import --csv --skip 1 DIR/orgs.csv orgs
.import --csv --skip 1 DIR/members.csv members
.import --csv --skip 1 DIR/positions.csv positions
.import --csv --skip 1 DIR/terms.csv terms
.import --csv --skip 1 DIR/activities.csv activities
.import --csv --skip 1 DIR/attendance.csv attendance
.import --csv --skip 1 DIR/dues.csv dues
CREATE INDEX members_org ON members (org_id);
CREATE INDEX activities_org ON activities (org_id);
CREATE INDEX attendance_activity ON attendance (activity_id);
CREATE INDEX dues_member ON dues (member_id, month);
