// Textproto parsing with one error line: "line 3, column 5: Expected ...".
#ifndef DANGJIAN_LIB_MODEL_TEXTPROTO_H_
#define DANGJIAN_LIB_MODEL_TEXTPROTO_H_

#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace dangjian::model {

absl::Status ReadTextproto(std::string_view text, google::protobuf::Message& message);

}  // namespace dangjian::model

#endif  // DANGJIAN_LIB_MODEL_TEXTPROTO_H_
