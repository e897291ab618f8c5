#include "services/web/static_files.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace district::web {
namespace {

std::string ContentType(const std::string& path) {
  if (absl::EndsWith(path, ".html")) return "text/html; charset=utf-8";
  if (absl::EndsWith(path, ".js")) return "text/javascript; charset=utf-8";
  if (absl::EndsWith(path, ".css")) return "text/css; charset=utf-8";
  if (absl::EndsWith(path, ".png")) return "image/png";
  if (absl::EndsWith(path, ".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

std::string Gzip(const std::string& in) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&z, in.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int done = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return done == Z_STREAM_END ? out : "";
}

}  // namespace

absl::StatusOr<StaticFiles> StaticFiles::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_regular_file(fs::path(dir) / "index.html", error)) {
    return absl::NotFoundError(absl::StrCat("no index.html in ", dir));
  }
  StaticFiles files;
  for (const auto& entry : fs::recursive_directory_iterator(dir, error)) {
    if (!entry.is_regular_file()) continue;
    const std::string url = "/" + fs::relative(entry.path(), dir).generic_string();
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    StaticFile& f = files.files_[url];
    f.content_type = ContentType(url);
    // Vite names the page's scripts and styles by their content (/assets/index-<hash>.js): a new
    // build has new names, so they may be kept; index.html, which names them, is checked each time,
    // so that a new version is seen at once.
    f.cache_control = absl::StartsWith(url, "/assets/") || absl::StartsWith(url, "/vendor/")
                          ? "public, max-age=86400"
                          : "no-cache";
    f.body = body.str();
    f.gzipped = Gzip(f.body);
  }
  if (error)
    return absl::UnavailableError(absl::StrCat("cannot read ", dir, ": ", error.message()));
  return files;
}

const StaticFile* StaticFiles::Find(const std::string& path) const {
  auto it = files_.find(path == "/" ? "/index.html" : path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace district::web
