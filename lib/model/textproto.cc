#include "lib/model/textproto.h"

#include <string>

#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "lib/strings.h"

namespace dangjian::model {
namespace {

// Keeps the first error of a parse, as one line.
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    if (message_.empty()) message_ = StrCat("line ", line + 1, ", column ", column + 1, ": ", message);
  }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

}  // namespace

absl::Status ReadTextproto(std::string_view text, google::protobuf::Message& message) {
  FirstError errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &message)) {
    return absl::InvalidArgumentError(errors.message().empty()
                                          ? StrCat("not a ", message.GetDescriptor()->full_name(), " textproto")
                                          : errors.message());
  }
  return absl::OkStatus();
}

}  // namespace dangjian::model
