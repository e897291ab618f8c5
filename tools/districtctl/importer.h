// districtctl import: loads a data set (district.dataset.v1.DataSet, as JSON) into the services.
// Every create carries a request_id made of the data set's name and the record's key, so that
// importing the same file again creates nothing and changes nothing.
#ifndef DISTRICT_TOOLS_DISTRICTCTL_IMPORTER_H_
#define DISTRICT_TOOLS_DISTRICTCTL_IMPORTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "district/dataset/v1/dataset.pb.h"
#include "tools/rpc/rpc.h"

namespace district::ctl {

struct ImportSummary {
  int records = 0;  // records in the data set
  int created = 0;  // of which this import created (the rest were there already)
};

absl::StatusOr<ImportSummary> Import(const dataset::v1::DataSet& data, rpc::Rpc& rpc);

// Reads and parses a data set file.
absl::StatusOr<dataset::v1::DataSet> ReadDataSet(const std::string& path);

}  // namespace district::ctl

#endif  // DISTRICT_TOOLS_DISTRICTCTL_IMPORTER_H_
