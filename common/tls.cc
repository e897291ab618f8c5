#include "common/tls.h"

#include <atomic>
#include <fstream>
#include <sstream>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "absl/strings/str_cat.h"

namespace district {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::shared_ptr<grpc::ChannelCredentials>& Installed() {
  static auto* credentials = new std::shared_ptr<grpc::ChannelCredentials>();
  return *credentials;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTls& tls) {
  if (tls.cert_file.empty()) {
    // A key or a client CA alone means TLS was meant: serving plaintext would be a surprise.
    if (!tls.key_file.empty() || !tls.client_ca_file.empty()) {
      return absl::InvalidArgumentError("--tls_key and --tls_client_ca need --tls_cert");
    }
    return grpc::InsecureServerCredentials();
  }
  if (tls.key_file.empty()) return absl::InvalidArgumentError("--tls_cert needs --tls_key");
  auto cert = ReadFile(tls.cert_file);
  if (!cert.ok()) return cert.status();
  auto key = ReadFile(tls.key_file);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back({*key, *cert});
  if (!tls.client_ca_file.empty()) {
    auto ca = ReadFile(tls.client_ca_file);
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTls& tls) {
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return tls.cert_file.empty()
               ? absl::InvalidArgumentError(absl::StrCat(tls.key_flag, " needs ", tls.cert_flag))
               : absl::InvalidArgumentError(absl::StrCat(tls.cert_flag, " needs ", tls.key_flag));
  }
  if (tls.ca_file.empty()) {
    if (!tls.cert_file.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(tls.cert_flag, " and ", tls.key_flag, " need ", tls.ca_flag, " (TLS)"));
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  auto ca = ReadFile(tls.ca_file);
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *ca;
  if (!tls.cert_file.empty()) {
    auto cert = ReadFile(tls.cert_file);
    if (!cert.ok()) return cert.status();
    auto key = ReadFile(tls.key_file);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  return grpc::SslCredentials(options);
}

std::string CertificateValidityWarning(const std::string& cert_file, absl::Time now) {
  absl::StatusOr<std::string> pem = ReadFile(cert_file);
  if (!pem.ok()) return "";
  BIO* bio = BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size()));
  X509* cert = bio != nullptr ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (cert == nullptr) return "";
  ASN1_TIME* at = ASN1_TIME_set(nullptr, absl::ToTimeT(now));
  const ASN1_TIME* not_before = X509_get0_notBefore(cert);
  const ASN1_TIME* not_after = X509_get0_notAfter(cert);
  std::string warning;
  int days = 0, secs = 0;
  if (at == nullptr) {
    // cannot tell; no warning
  } else if (ASN1_TIME_compare(not_after, at) < 0) {
    ASN1_TIME_diff(&days, &secs, not_after, at);
    warning = absl::StrCat("certificate ", cert_file, " EXPIRED ", days,
                           " days ago: clients refuse it; renew it");
  } else if (ASN1_TIME_compare(not_before, at) > 0) {
    warning = absl::StrCat("certificate ", cert_file, " is not valid yet: check the clock");
  } else if (ASN1_TIME_diff(&days, &secs, at, not_after) == 1 && days < 30) {
    warning = absl::StrCat("certificate ", cert_file, " expires in ", days, " days: renew it");
  }
  ASN1_TIME_free(at);
  X509_free(cert);
  return warning;
}

void SetServiceChannelCredentials(std::shared_ptr<grpc::ChannelCredentials> credentials) {
  std::atomic_store(&Installed(), std::move(credentials));
}

std::shared_ptr<grpc::ChannelCredentials> ServiceChannelCredentials() {
  auto credentials = std::atomic_load(&Installed());
  return credentials != nullptr ? credentials : grpc::InsecureChannelCredentials();
}

}  // namespace district
