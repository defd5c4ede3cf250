#!/usr/bin/env bash
# Builds Arclight's five images: the runnable jars (Maven), the guest image (guest/build.sh), then
# `docker build` for each. With --check it needs no Docker engine: it runs each image's own steps
# on this machine instead (the layer extraction of every jar, into a directory per service) and
# starts nothing; the JVM start from those layers is what `--check --start SERVICE` adds.
#
#   docker/build.sh [--tag TAG] [--skip-maven]      builds arclight/<service>:TAG (default 0.1.0-SNAPSHOT)
#   docker/build.sh --check [--skip-maven]          extracts every jar as the Dockerfiles do, into target/image-check/
set -euo pipefail
cd "$(dirname "$0")/.."

tag=0.1.0-SNAPSHOT check=false maven=true
while (($#)); do
  case "$1" in
    --tag) tag=$2; shift 2 ;;
    --check) check=true; shift ;;
    --skip-maven) maven=false; shift ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "docker/build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

declare -A port=([gateway-service]=8080 [placement-service]=8081 [pool-service]=8082 [reclaim-service]=8083 [worker-service]=8084)
services=(gateway-service placement-service pool-service reclaim-service worker-service)

if $maven; then
  ./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true package -pl "$(IFS=,; echo "${services[*]}")" -am
fi

jar_of() {
  local jars=("$1"/target/"$1"-*-exec.jar)
  [[ -f ${jars[0]} ]] || { echo "docker/build.sh: no runnable jar for $1; run without --skip-maven" >&2; exit 1; }
  echo "${jars[0]}"
}

if $check; then
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  for service in "${services[@]}"; do
    out="target/image-check/$service"
    rm -rf "$out" && mkdir -p "$out"
    cp "$(jar_of "$service")" "$out/app.jar"
    (cd "$out" && "$java" -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted >/dev/null)
    for layer in dependencies spring-boot-loader snapshot-dependencies application; do
      [[ -d $out/extracted/$layer ]] || { echo "docker/build.sh: $service has no layer $layer" >&2; exit 1; }
    done
    echo "$service: layers $(cd "$out/extracted" && echo *) (port ${port[$service]})"
  done
  exit 0
fi

command -v docker >/dev/null || { echo "docker/build.sh: no docker client; use --check" >&2; exit 1; }
image="$(guest/build.sh)"
image="${image##*$'\n'}"
mkdir -p docker/guest-image
for file in vmlinuz initrd.img rootfs.img manifest.json; do cp "$image/$file" docker/guest-image/; done

for service in "${services[@]}"; do
  jar_of "$service" >/dev/null
  if [[ $service == worker-service ]]; then
    docker build -f docker/worker.Dockerfile -t "arclight/$service:$tag" .
  else
    docker build -f docker/service.Dockerfile --build-arg "SERVICE=$service" \
      --build-arg "PORT=${port[$service]}" -t "arclight/$service:$tag" .
  fi
done
