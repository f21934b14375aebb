-- The generator's tables into DuckDB.
CREATE TABLE orgs AS SELECT * FROM read_csv('DIR/orgs.csv', header = true, columns = {'id': 'VARCHAR', 'parent_id': 'VARCHAR', 'kind': 'VARCHAR'});
CREATE TABLE members AS SELECT * FROM read_csv('DIR/members.csv', header = true, columns = {'id': 'VARCHAR', 'org_id': 'VARCHAR', 'status': 'VARCHAR', 'admitted_on': 'DATE'});
CREATE TABLE positions AS SELECT * FROM read_csv('DIR/positions.csv', header = true, columns = {'org_id': 'VARCHAR', 'member_id': 'VARCHAR', 'role': 'VARCHAR'});
CREATE TABLE terms AS SELECT * FROM read_csv('DIR/terms.csv', header = true, columns = {'org_id': 'VARCHAR', 'started_on': 'DATE', 'ended_on': 'DATE'});
CREATE TABLE activities AS SELECT * FROM read_csv('DIR/activities.csv', header = true, columns = {'id': 'VARCHAR', 'org_id': 'VARCHAR', 'kind': 'VARCHAR', 'held_on': 'DATE', 'makeup_for': 'VARCHAR'});
CREATE TABLE attendance AS SELECT * FROM read_csv('DIR/attendance.csv', header = true, columns = {'activity_id': 'VARCHAR', 'member_id': 'VARCHAR'});
CREATE TABLE dues AS SELECT * FROM read_csv('DIR/dues.csv', header = true, columns = {'member_id': 'VARCHAR', 'month': 'VARCHAR'});
