// gRPC server reflection, which grpcurl and other tools speak to list a server's services and to
// describe and call them knowing nothing else: grpc.reflection.v1 (which newer grpcurl asks first)
// and grpc.reflection.v1alpha (which it falls back to, and older tools speak), from
// /usr/share/grpc-proto/grpc/reflection/.
//
// It answers from the suite's contracts as protoc compiled them (the library district_descriptors,
// protos/CMakeLists.txt): every district proto, gRPC's health and reflection, google.rpc's error
// details and what they import, with their comments (SourceCodeInfo) and options. So
// `grpcurl describe district.project.v1.Project.land_area_mu` shows the field's documentation and
// its (google.api.field_behavior), which gRPC's own reflection plugin, serving the generated
// descriptors, cannot: those carry no comments. A file the set lacks is served from the generated
// descriptors linked into the process, as that plugin does.
//
// Each request of a stream is answered in order, one response each, as gRPC's
// proto_server_reflection.cc does (1.51):
//   list_services                   the hosted services, then grpc.health.v1.Health and both
//                                   reflection services
//   file_by_filename                that file, then every file it imports, transitively, each once
//   file_containing_symbol          the same for the file defining a package-qualified service,
//                                   method, message, field, enum, enum value (nested or not; an
//                                   enum value also as Enum.VALUE) or extension
//   file_containing_extension       the same for the file defining extension N of a message
//   all_extension_numbers_of_type   the numbers of a message's known extensions
// Errors are answers, not the stream's end: error_response with NOT_FOUND and gRPC's messages
// ("File not found.", "Symbol not found.", "Type not found.", "Extension not found."), and
// UNIMPLEMENTED for a request that sets none of those. The stream ends OK when the client closes
// its side, and UNAVAILABLE when the server shuts down (Server::Shutdown ends every open stream).
// No token is asked for: like health, reflection stays reachable for probes and tools.
//
//   ReflectionService reflection({"district.project.v1.ProjectService"});
//   builder.RegisterService(reflection.v1());
//   builder.RegisterService(reflection.v1alpha());
//
// Thread-safety: immutable once made; gRPC may run any number of streams at once. It must outlive
// the grpc::Server it is registered with.
#ifndef DISTRICT_COMMON_REFLECTION_SERVICE_H_
#define DISTRICT_COMMON_REFLECTION_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

namespace district {

class ReflectionService {
 public:
  // `hosted`: the full names of the services the server hosts besides health and reflection.
  explicit ReflectionService(std::vector<std::string> hosted);
  ~ReflectionService();

  ReflectionService(const ReflectionService&) = delete;
  ReflectionService& operator=(const ReflectionService&) = delete;

  // The two services to register with a grpc::ServerBuilder.
  grpc::Service* v1();
  grpc::Service* v1alpha();

  // The names list_services answers with.
  const std::vector<std::string>& services() const { return services_; }

 private:
  template <typename Version>
  class Service;

  const std::vector<std::string> services_;
  const std::unique_ptr<grpc::Service> v1_;
  const std::unique_ptr<grpc::Service> v1alpha_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_REFLECTION_SERVICE_H_
