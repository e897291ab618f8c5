# DISTRICT_SANITIZE: builds the whole suite (libraries, servers, tools, tests) instrumented.
#   address  AddressSanitizer with LeakSanitizer, and UndefinedBehaviorSanitizer
#   thread   ThreadSanitizer
#   cmake -S . -B build-asan -DDISTRICT_SANITIZE=address -DDISTRICT_STATIC_ARCHIVES=OFF
#
# Any report fails the process (UBSan does not recover), so a test that triggers one fails. The
# Debian libraries (gRPC, protobuf, Abseil, RocksDB) are not instrumented: ASan still sees their
# heap through its malloc, TSan sees only their locks and atomics that go through libc
# (tests/sanitizers/tsan.supp says what is suppressed and why). jemalloc is left out
# (common/CMakeLists.txt): the sanitizers bring their own allocator.
set(DISTRICT_SANITIZE "" CACHE STRING "build with sanitizers: address (ASan+UBSan) or thread (TSan)")
set_property(CACHE DISTRICT_SANITIZE PROPERTY STRINGS "" address thread)
if(DISTRICT_SANITIZE STREQUAL "address")
  set(district_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined)
elseif(DISTRICT_SANITIZE STREQUAL "thread")
  set(district_sanitize_flags -fsanitize=thread)
elseif(DISTRICT_SANITIZE)
  message(FATAL_ERROR "DISTRICT_SANITIZE must be address, thread or empty, not ${DISTRICT_SANITIZE}")
endif()
if(DISTRICT_SANITIZE)
  message(STATUS "DISTRICT_SANITIZE=${DISTRICT_SANITIZE}: ${district_sanitize_flags}")
  add_compile_options(${district_sanitize_flags} -fno-omit-frame-pointer)
  add_link_options(${district_sanitize_flags})
endif()

# DISTRICT_FUZZ: tests/fuzz as libFuzzer programs (clang only), with every library built for the
# fuzzer's coverage; tests/fuzz/run.sh builds them so, beside DISTRICT_SANITIZE=address.
option(DISTRICT_FUZZ "build tests/fuzz as libFuzzer programs (clang)" OFF)
if(DISTRICT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DISTRICT_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
