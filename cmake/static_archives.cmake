# district_link_static_archives(): links every binary of the build against the static archives
# (lib*.a) that Debian's -dev packages ship beside the shared libraries, for the imported targets
# found so far (gRPC, protobuf, Abseil, RocksDB and their dependencies) but those named after
# KEEP_SHARED.
#
# Why: a gRPC call crosses gRPC, protobuf and Abseil many times, and in shared libraries every
# crossing goes through the PLT and every thread-local (gRPC's ExecCtx, RocksDB's perf context)
# through __tls_get_addr; linked into the executable, calls are direct and thread-locals are plain
# offsets: less server CPU per call (bench/RESULTS.md, "Design measurements").
#
# All or nothing: a process holding one library both ways (protobuf linked in and also loaded as
# a dependency of a shared gRPC) would have two descriptor pools, so every target is switched at
# once. What has no archive stays shared (libc, libstdc++, jemalloc, re2, bz2: C libraries or
# ones that share no state with the rest), and so do the targets named after KEEP_SHARED: OpenSSL,
# so that a security update of it takes effect without a rebuild.
#
#   district_link_static_archives(KEEP_SHARED OpenSSL::SSL OpenSSL::Crypto)
function(district_link_static_archives)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "" "KEEP_SHARED")
  get_directory_property(imported IMPORTED_TARGETS)
  foreach(target IN LISTS imported)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(SHARED|UNKNOWN)_LIBRARY$" OR target IN_LIST arg_KEEP_SHARED)
      continue()
    endif()
    foreach(property IMPORTED_LOCATION IMPORTED_LOCATION_NONE IMPORTED_LOCATION_RELEASE
                     IMPORTED_LOCATION_RELWITHDEBINFO IMPORTED_LOCATION_DEBUG)
      get_target_property(location ${target} ${property})
      # (Two ifs: CMAKE_MATCH_1 is expanded before the condition is evaluated.)
      if(location MATCHES "^(.*/lib[^/]+)\\.so(\\.[0-9.]+)?$")
        set(archive "${CMAKE_MATCH_1}.a")
        if(EXISTS "${archive}")
          set_target_properties(${target} PROPERTIES ${property} "${archive}")
        endif()
      endif()
    endforeach()
  endforeach()
endfunction()
