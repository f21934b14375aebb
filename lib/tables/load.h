// The tables loaded: each row, once its cells are read (records.h), goes
// straight into the columns of a load's Input (lib/model/input.h), given to
// the same appender the stream loader gives the records of a message — no
// Snapshot message in between, nothing allocated per cell — and the Store is
// built from them.
//
// An activity is appended once its parts are read (its attendance, votes and
// resolutions, which later tables give by its id): the activities and their
// parts are held until then, their texts copied, as the parts are many.
#ifndef DANGJIAN_LIB_TABLES_LOAD_H_
#define DANGJIAN_LIB_TABLES_LOAD_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "dangjian/store.h"
#include "lib/tables/records.h"

namespace dangjian::tables {

// The Store of the tables `read` gives a TableReader (a CSV folder's, a
// workbook's). An error of a cell names the cell; one that only the load
// finds (a duplicate id, a parent no org defines) names the record's row; the
// errors of the cells come first, as every cell is read before the load
// says what it found.
absl::StatusOr<std::shared_ptr<const Store>> LoadTables(const LoadLimits& limits,
                                                        const std::function<absl::Status(TableReader&)>& read);

}  // namespace dangjian::tables

#endif  // DANGJIAN_LIB_TABLES_LOAD_H_
