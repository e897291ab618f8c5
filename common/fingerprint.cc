#include "common/fingerprint.h"

namespace district {

uint64_t Fingerprint64(absl::string_view bytes) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a's offset basis
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;  // FNV's 64-bit prime
  }
  return h;
}

}  // namespace district
