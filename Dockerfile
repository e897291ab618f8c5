# The suite's image: the four servers, the web service with its page, districtctl, the health
# probe and the Kuiwen data set.
# Built from Debian's packages (gRPC 1.51, protobuf 3.21, RocksDB 7.8, Abseil 20220623), whose
# archives are linked into the binaries (cmake/static_archives.cmake): the runtime stage needs only
# the shared libraries left (OpenSSL, re2, jemalloc, spdlog, prometheus-cpp with civetweb) and runs
# as a non-root user. cpp-httplib is only the tests' and benchmarks' HTTP client: the build stage
# has it because the configure looks for it.
#
#   docker build -t district-suite:0.3 --build-arg COMMIT=$(git rev-parse --short HEAD) .
#   (or: docker-compose build)

FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake pkg-config \
      libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto \
      librocksdb-dev libabsl-dev libgtest-dev libgmock-dev libssl-dev libjemalloc-dev \
      libcpp-httplib-dev libboost-dev libxlsxwriter-dev libzip-dev libexpat1-dev nlohmann-json3-dev libspdlog-dev \
      prometheus-cpp-dev libcivetweb-dev libsodium-dev libjwt-dev \
      nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The npm packages, as the lockfiles pin them: the page's (Vue, Element Plus, ECharts and Vite,
# which builds it below) and Google's API protos that the contracts import. A proxy's CA,
# when the build needs one, comes from deploy/build-ca/ (see its README).
COPY deploy/build-ca/ /usr/local/share/ca-certificates/build-ca/
COPY services/web/ui/package.json services/web/ui/package-lock.json services/web/ui/
COPY protos/package.json protos/package-lock.json protos/
RUN update-ca-certificates >/dev/null \
 && export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
 && (cd services/web/ui && npm ci --no-audit --no-fund) \
 && (cd protos && npm ci --omit=dev --no-audit --no-fund)
COPY CMakeLists.txt ./
COPY cmake cmake
COPY protos protos
COPY common common
COPY services services
RUN cd services/web/ui && npm run build
COPY tools tools
COPY tests tests
COPY bench bench
ARG COMMIT=unknown
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DDISTRICT_COMMIT="$COMMIT" \
 && cmake --build build -j "$(nproc)" --target \
      project_server recruitment_server parkmetrics_server aggregator_server identity_server web_server \
      districtctl district_health_probe \
 && mkdir /out \
 && cp build/services/project/project_server build/services/recruitment/recruitment_server \
       build/services/parks/parkmetrics_server build/services/aggregator/aggregator_server \
       build/services/identity/identity_server \
       build/services/web/web_server \
       build/tools/districtctl/districtctl build/tools/health_probe/district_health_probe /out/ \
 && strip /out/* \
 && cp -r build/services/web/static /web

FROM debian:bookworm AS runtime
ARG VERSION=0.3
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="district-suite" \
      org.opencontainers.image.description="Key projects, recruitment and park metrics of a district, over gRPC" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$COMMIT" \
      org.opencontainers.image.base.name="debian:bookworm"
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libssl3 libre2-9 libjemalloc2 libxlsxwriter4 libzip4 libexpat1 \
      libspdlog1.10 libfmt9 libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libcivetweb1 \
      libsodium23 libjwt0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home district \
 && mkdir -p /data /backup /seed && chown 10001:10001 /data /backup
COPY --from=build /out/ /usr/local/bin/
COPY --from=build /web/ /usr/share/district/web/
COPY deploy/seed/ /seed/
COPY deploy/entrypoint.sh /usr/local/bin/district-entrypoint
USER 10001:10001
WORKDIR /data
# No VOLUME: compose and Kubernetes mount /data and /backup where a server keeps data, and a
# container that keeps none (the aggregator, the page, a districtctl run) leaves no anonymous
# volume behind. Metrics, when asked for (--metrics_listen), on 9464.
EXPOSE 50051 50052 50053 50054 8443 9464
# Each container names its server in its command, e.g. project_server --listen=0.0.0.0:50051
# --data_dir=/data, or web_server --static_dir=/usr/share/district/web. SIGTERM drains calls and closes the database.
STOPSIGNAL SIGTERM
ENTRYPOINT ["district-entrypoint"]
CMD ["districtctl"]
