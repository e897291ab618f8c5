// A record's change history as a person reads it: the audit trail keeps each change's values as
// the JSON of its field ("1500000000", "STAGE_SIGNED", {"202005":"35000000"}); this writes them
// as the district does ("15亿元", "签约", "2020年5月：3500万元"), labelled by the contracts
// (common/registry.h): the field's label and unit, the enum value's label, the method's label.
//
// Thread-safety: free functions of immutable inputs, safe from any thread.
#ifndef DISTRICT_SERVICES_WEB_HISTORY_WORDS_H_
#define DISTRICT_SERVICES_WEB_HISTORY_WORDS_H_

#include <map>
#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>

#include "district/audit/v1/audit.pb.h"

namespace district::web {

struct ChangeInWords {
  std::string label;   // "总投资"; the field's name when the contract gives it no label
  std::string before;  // "15亿元"; "" when the field was unset
  std::string after;
};

// `change`, a change of a resource whose message is `resource`. A field the message does not
// have, or a value that does not parse as that field's, is given as it was stored.
ChangeInWords DescribeChange(const google::protobuf::Descriptor& resource,
                             const audit::v1::FieldChange& change);

// `entries` (a ListAuditEntriesResponse) as the page shows them: each entry as its JSON, plus
// "methodLabel" (the label of its method in `service`, else the method's name), "principalName"
// (`principal_names`' name for its principal, else the principal as recorded: a person's id, a
// machine token's name), and each change plus "label", "before" and "after" (DescribeChange).
// `resource` null: the changes as stored.
google::protobuf::Struct HistoryInWords(const audit::v1::ListAuditEntriesResponse& entries,
                                        const google::protobuf::ServiceDescriptor& service,
                                        const google::protobuf::Descriptor* resource,
                                        const std::map<std::string, std::string>& principal_names);

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_HISTORY_WORDS_H_
