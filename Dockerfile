# Build stage: the WAR plus the server-level libraries (JDBC driver, embedding model, SolrJ) it expects.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
COPY liberty liberty
RUN mvn -B -ntp -Pimage -DskipTests package

# Runtime: the official Open Liberty image (UBI, Java 17), features installed from server.xml only.
FROM icr.io/appcafe/open-liberty:26.0.0.3-kernel-slim-java17-openj9-ubi-minimal
COPY --chown=1001:0 liberty/server.xml liberty/jvm.options /config/
RUN features.sh
COPY --chown=1001:0 --from=build /src/target/liberty/wlp/usr/servers/segment-index/lib/ /config/lib/
COPY --chown=1001:0 --from=build /src/target/segment-index-service.war /config/apps/
# Production defaults; Kubernetes sets the real values through the ConfigMap and Secret.
ENV HTTP_PORT=9080 \
    HTTPS_PORT=9443 \
    DB_PORT=5432 \
    REDIS_URL=redis://redis:6379 \
    INDEX_DIR=/data/index \
    MALLOC_ARENA_MAX=2 \
    DJL_CACHE_DIR=/tmp/djl \
    ONNXRUNTIME_NATIVE_PATH=/tmp/onnx
USER 1001
RUN configure.sh
# The index lives on a volume; the embedding runtime unpacks natives under /tmp.
VOLUME ["/data", "/tmp"]
EXPOSE 9080
