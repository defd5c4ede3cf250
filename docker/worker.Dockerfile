# syntax=docker/dockerfile:1
# The worker image: worker-service, a libvirt daemon and QEMU, and the guest image. libvirt runs
# inside the container (started by docker/worker-entrypoint.sh before the JVM), so a node needs
# nothing but /dev/kvm (or nothing at all: without it the worker falls back to TCG). Built from the
# repository root by docker/build.sh, after Maven made the jar and guest/build.sh the guest image
# (copied to docker/guest-image/). The guest is built outside Docker because debootstrap wants a
# privileged build; the image only copies its four files. Base images are pinned by version (see docker/service.Dockerfile).
ARG JRE_IMAGE=eclipse-temurin:25.0.3_9-jre-noble
ARG DEBIAN_IMAGE=debian:12.11-slim

FROM ${JRE_IMAGE} AS layers
WORKDIR /build
COPY worker-service/target/worker-service-*-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE} AS jre

FROM ${DEBIAN_IMAGE}
# The packages scripts/libvirtd.sh installs on a bare host, the same versions of bookworm.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients libvirt-daemon-system \
        libvirt-daemon-system-sysv qemu-system-x86 qemu-utils curl procps util-linux ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 arclight \
    && useradd --system --uid 10001 --gid arclight --groups libvirt,kvm --home-dir /app --shell /usr/sbin/nologin arclight \
    && mkdir -p /var/lib/arclight/images/current /var/lib/arclight/vms \
    && chown -R arclight:arclight /var/lib/arclight
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
# QEMU (as libvirt-qemu) reads the image: world-readable, under directories anyone may traverse.
COPY --chmod=0644 docker/guest-image/vmlinuz docker/guest-image/initrd.img docker/guest-image/rootfs.img \
    docker/guest-image/manifest.json /var/lib/arclight/images/current/
COPY --chmod=0755 scripts/libvirtd.sh /usr/local/bin/arclight-libvirtd
COPY --chmod=0755 docker/worker-entrypoint.sh /usr/local/bin/arclight-worker
ENV LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    ARCLIGHT_WORKER_IMAGEDIR=/var/lib/arclight/images/current \
    ARCLIGHT_WORKER_VMDIR=/var/lib/arclight/vms \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8084
VOLUME ["/var/lib/arclight/vms"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=180s --retries=3 \
    CMD curl -fsS http://localhost:8084/actuator/health/liveness || exit 1
# Starts as root (libvirtd needs it), then runs the JVM as arclight (a member of libvirt and kvm).
ENTRYPOINT ["/usr/local/bin/arclight-worker"]
