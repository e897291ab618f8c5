// A 64-bit fingerprint of bytes that is the same in every process and build: FNV-1a (absl::Hash is
// seeded per process, so it cannot name a thing across a restart). Used where a value is kept or
// sent: page tokens' query checks, reminder keys, request-id fingerprints, lock stripes.
//
// Not a cryptographic hash: anything that must resist forgery is signed (resume tokens use HMAC).
//
// Pure: thread-safe.
#ifndef DISTRICT_COMMON_FINGERPRINT_H_
#define DISTRICT_COMMON_FINGERPRINT_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace district {

uint64_t Fingerprint64(absl::string_view bytes);

}  // namespace district

#endif  // DISTRICT_COMMON_FINGERPRINT_H_
