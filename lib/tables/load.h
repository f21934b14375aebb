// The tables loaded: each row, once its cells are read (records.h), goes
// straight into the columns of a load's Input (lib/model/input.h), given to
// the same appender the stream loader gives the records of a message — no
// Snapshot message in between, nothing allocated per cell — and the Store is
// built from them.
//
// An activity is appended once its parts are read (its attendance, votes and
// resolutions, which later tables give by its id): the activities and their
// parts are held until then, their texts copied, an attendance row in 4
// bytes when the table comes in the activities' order (its member's
// position; the rows that are not ATTENDED held apart).
#ifndef DANGJIAN_LIB_TABLES_LOAD_H_
#define DANGJIAN_LIB_TABLES_LOAD_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "dangjian/store.h"
#include "lib/tables/records.h"

namespace dangjian::tables {

// Whether the rows of `table` name members alone, no org nor activity: the
// dues, the ledger and the events, the last tables of All().
bool NamesMembersAlone(const Table& table);

// The Store of the tables `read` gives a TableReader (a CSV folder's, a
// workbook's), and, if given, of those `read_beside` gives another on a
// thread of its own: tables that name members alone (NamesMembersAlone),
// appended into an Input of their own and merged after the others, as a
// stream's messages are. Rows of the attendance that other reader reads
// (the later rows of a CSV folder's, csv.h) follow the first's. An error of
// a cell names the cell; one that only the load finds (a duplicate id, a
// parent no org defines) names the record's row; the errors are those of
// reading the tables one after the other: the errors of the cells first, as
// every cell is read before the load says what it found.
absl::StatusOr<std::shared_ptr<const Store>> LoadTables(const LoadLimits& limits,
                                                        const std::function<absl::Status(TableReader&)>& read,
                                                        const std::function<absl::Status(TableReader&)>& read_beside = {});

}  // namespace dangjian::tables

#endif  // DANGJIAN_LIB_TABLES_LOAD_H_
