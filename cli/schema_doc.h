// docs/schema.md, written by `dangjian schema` from the schema's descriptors
// and the tables (lib/tables/tables.cc), so that it cannot say other than
// they do.
#ifndef DANGJIAN_CLI_SCHEMA_DOC_H_
#define DANGJIAN_CLI_SCHEMA_DOC_H_

#include <string>

namespace dangjian::cli {

std::string SchemaMarkdown();

}  // namespace dangjian::cli

#endif  // DANGJIAN_CLI_SCHEMA_DOC_H_
