// The page's files, read once at start-up and kept in memory with a gzip copy of each, so that a
// browser on the district's network gets ECharts (about a megabyte) compressed without the server
// compressing it again for every request.
//
// Immutable after Load; safe to read from any thread.
#ifndef DISTRICT_SERVICES_WEB_STATIC_FILES_H_
#define DISTRICT_SERVICES_WEB_STATIC_FILES_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace district::web {

struct StaticFile {
  std::string content_type;
  std::string cache_control;
  std::string body;
  std::string gzipped;  // the body, gzip-compressed
};

class StaticFiles {
 public:
  // Reads every regular file under `dir` (vendor/ included). NOT_FOUND when `dir` has no
  // index.html.
  static absl::StatusOr<StaticFiles> Load(const std::string& dir);

  // The file served at URL path `path` ("/" is "/index.html"), or nullptr.
  const StaticFile* Find(const std::string& path) const;

 private:
  std::map<std::string, StaticFile> files_;  // by URL path, "/app.js"
};

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_STATIC_FILES_H_
