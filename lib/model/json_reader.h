// A JSON reader for the schema's messages that names the record and field of
// every error: `orgs[12].kind: unknown Org.Kind "BRANCHH"`, or
// `orgs[12].name: unexpected end of input (line 40, column 3)`.
//
// It accepts protobuf's JSON mapping (lowerCamelCase or original field names,
// enums by name or number, 64-bit integers as numbers or strings, null for
// absent), and an integer where an id is a string (a database's BIGINT key:
// `"orgId": 12` is "12"). It rejects unknown fields, or passes over them
// when asked to (a platform's export carries columns the schema does not).
// It fills the message field by field through reflection, with no
// intermediate tree.
#ifndef DANGJIAN_LIB_MODEL_JSON_READER_H_
#define DANGJIAN_LIB_MODEL_JSON_READER_H_

#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace dangjian::model {

// `max_depth` bounds the nesting of messages, `max_string` the bytes of a string.
absl::Status ReadJson(std::string_view json, google::protobuf::Message& message, int max_depth = 32,
                      size_t max_string = size_t{1} << 20, bool ignore_unknown_fields = false);

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_JSON_READER_H_
