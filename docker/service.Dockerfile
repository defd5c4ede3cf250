# syntax=docker/dockerfile:1
# The image of one JVM service (gateway-service, placement-service, pool-service or
# reclaim-service), built from the runnable jar Maven made beforehand:
#
#   ./mvnw -B -ntp -DskipTests package -pl gateway-service -am
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=gateway-service --build-arg PORT=8080 \
#       -t arclight/gateway-service:0.1.0-SNAPSHOT .
#
# One file for the four services: they differ only in the jar and the port, and one recipe cannot
# drift. The worker has its own (docker/worker.Dockerfile): it carries QEMU, libvirt and the guest.
# Base images are pinned by version; pin them by digest too (image@sha256:...) where your registry
# is reachable when you build (these machines reach none, so no digest could be read here).
ARG JRE_IMAGE=eclipse-temurin:25.0.3_9-jre-noble

FROM ${JRE_IMAGE} AS layers
ARG SERVICE
WORKDIR /build
COPY ${SERVICE}/target/${SERVICE}-*-exec.jar app.jar
# Spring Boot's layers (dependencies, spring-boot-loader, snapshot-dependencies, application), so a
# code change rebuilds only the last, small one.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE}
ARG SERVICE
ARG PORT
# curl serves the HEALTHCHECK only.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 arclight \
    && useradd --system --uid 10001 --gid arclight --home-dir /app --shell /usr/sbin/nologin arclight
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001
ENV SERVICE_PORT=${PORT} \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS "http://localhost:${SERVICE_PORT}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
