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
# A library whose file name matches one of the REQUIRE patterns (gRPC, protobuf, Abseil, RocksDB)
# must have its archive: when one is missing, the configure stops and names it, rather than link a
# mix. The option DISTRICT_STATIC_ARCHIVES (on by default) turns the whole switch off:
#   cmake -S . -B build -DDISTRICT_STATIC_ARCHIVES=OFF     (everything shared, as packaged)
#
#   district_link_static_archives(KEEP_SHARED OpenSSL::SSL OpenSSL::Crypto
#                                 REQUIRE "libgrpc" "libgpr" "libprotobuf" "libabsl" "librocksdb")
option(DISTRICT_STATIC_ARCHIVES
       "link gRPC, protobuf, Abseil and RocksDB from their static archives" ON)
function(district_link_static_archives)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "" "KEEP_SHARED;REQUIRE")
  if(NOT DISTRICT_STATIC_ARCHIVES)
    message(STATUS "DISTRICT_STATIC_ARCHIVES is off: linking the shared libraries")
    return()
  endif()
  set(missing "")
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
        else()
          get_filename_component(name "${archive}" NAME)
          foreach(pattern IN LISTS arg_REQUIRE)
            if(name MATCHES "^${pattern}")
              list(APPEND missing "${target} (${archive})")
            endif()
          endforeach()
        endif()
      endif()
    endforeach()
  endforeach()
  if(missing)
    list(REMOVE_DUPLICATES missing)
    list(JOIN missing "\n  " listed)
    message(FATAL_ERROR "static archives missing, so these would be linked shared beside the "
            "others' archives:\n  ${listed}\nInstall the -dev packages that ship them, or "
            "configure with -DDISTRICT_STATIC_ARCHIVES=OFF to link everything shared.")
  endif()
endfunction()
