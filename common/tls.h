// Transport security for servers and for the calls between services. TLS is on when a certificate
// is given; mutual TLS when a server is also given the CA its clients' certificates must chain to.
// Plaintext stays possible for local development, and a server says so loudly in its log.
//
// Thread-safety: the Make functions are pure; SetServiceChannelCredentials is for main(), before
// serving (below).
#ifndef DISTRICT_COMMON_TLS_H_
#define DISTRICT_COMMON_TLS_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace district {

struct ServerTls {
  std::string cert_file, key_file;  // empty: plaintext
  std::string client_ca_file;       // set: mutual TLS, clients must present a certificate
};

struct ClientTls {
  std::string ca_file;              // set: TLS, servers must chain to this CA
  std::string cert_file, key_file;  // set: present this certificate (mutual TLS); both or neither
  // The flags that give them, for the errors that name them.
  std::string ca_flag = "--tls_ca";
  std::string cert_flag = "--tls_client_cert";
  std::string key_flag = "--tls_client_key";
};

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTls& tls);
// Plaintext when no file is given. INVALID_ARGUMENT naming the missing flag when a certificate or
// key is given without the CA (it would otherwise go unused, over plaintext), or a certificate
// without its key or a key without its certificate; a program refuses to start then (exit 2).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTls& tls);

// A warning about the validity of the first certificate in `cert_file` at `now`: that it has
// expired, is not valid yet, or expires within 30 days. Empty when none is due, or when the file
// cannot be read as a certificate (MakeServerCredentials then refuses it). A server serves on
// anyway, so that a late renewal does not take the district offline; it says so at start-up.
std::string CertificateValidityWarning(const std::string& cert_file, absl::Time now);

// The credentials CreateServiceChannel uses for calls to other services; plaintext by default.
// Set them in main, before any channel is made: channels made before keep what they had.
void SetServiceChannelCredentials(std::shared_ptr<grpc::ChannelCredentials> credentials);
std::shared_ptr<grpc::ChannelCredentials> ServiceChannelCredentials();

}  // namespace district

#endif  // DISTRICT_COMMON_TLS_H_
