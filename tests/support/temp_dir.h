// A fresh directory under /tmp, removed with everything in it when the object goes away.
#ifndef DISTRICT_TESTS_SUPPORT_TEMP_DIR_H_
#define DISTRICT_TESTS_SUPPORT_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace district::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/district-test-XXXXXX";
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_TEMP_DIR_H_
