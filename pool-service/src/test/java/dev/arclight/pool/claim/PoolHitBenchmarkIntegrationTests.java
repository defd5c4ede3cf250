package dev.arclight.pool.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.pool.ClaimedVm;
import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.pool.support.PoolFixtures;
import dev.arclight.pool.support.RealWorkerPoolTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The pool hit broken down, on a real worker with real VMs (TCG): the claim at pool-service (its
 * books, the worker's assign and resize, from the claim's {@code Server-Timing}), the container
 * start in the claimed VM (the worker's grow, the agent's unpack and the handler's import, from the
 * start's {@code Server-Timing}), the first invocation and a second one, each as wall time at this
 * client. What placement and the gateway add on top is the invoke path's own benchmark
 * (docs/benchmarks.md). Numbers go to the log ({@code pool hit benchmark:} lines); nothing is
 * asserted about time. Skipped unless {@code -Darclight.pool.benchmark=N} (N claims, in turn Python
 * 256 MiB, no resize, Python 1024 MiB, grown on claim, Node.js 128 MiB, from a Node.js sub-pool, and
 * Python 1024 MiB from a sub-pool whose VMs wait with all of their maximum memory, so no grow). Each
 * row has the claimed VM's QEMU resident memory, read right after the claim.
 */
@EnabledIfSystemProperty(named = "arclight.pool.benchmark", matches = "\\d+")
class PoolHitBenchmarkIntegrationTests extends RealWorkerPoolTest {

    private static final Logger log = LoggerFactory.getLogger(PoolHitBenchmarkIntegrationTests.class);
    private static final String ARN = "arn:aws:lambda:local:000000000000:function:echo";

    private static final String PYTHON_ECHO = "def handler(event, context):\n    return event\n";
    private static final String NODE_ECHO = "exports.handler = async (event) => event;\n";
    /** The tenant the sub-pool whose VMs wait at their maximum memory is reserved for. */
    private static final String MAX_TENANT = "bench-max";

    /**
     * One kind of claim: its runtime, the function's memory, its handler and its echo code, and
     * the tenant it claims for ({@code null}: one of its own, so only the shared sub-pools serve it).
     */
    private record Kind(String runtime, int memoryMib, String handlerFile, String code, String tenant) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("python3.11", 256, "handler.py", PYTHON_ECHO, null),
            new Kind("python3.11", 1024, "handler.py", PYTHON_ECHO, null),
            new Kind("nodejs18.x", 128, "handler.js", NODE_ECHO, null),
            new Kind("python3.11", 1024, "handler.py", PYTHON_ECHO, MAX_TENANT));

    @Test
    void breaksThePoolHitDown() {
        int claims = Integer.getInteger("arclight.pool.benchmark", 4);
        PoolFixtures.clear(jdbc);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> inventory.find(worker.id).isPresent());
        http.put()
                .uri("/sub-pools/bench-python")
                .body(new SubPoolRequest(List.of("python3.11"), 512L, null, 1, 1))
                .exchange()
                .expectStatus()
                .isCreated();
        http.put()
                .uri("/sub-pools/bench-node")
                .body(new SubPoolRequest(List.of("nodejs18.x"), 512L, null, 1, 1))
                .exchange()
                .expectStatus()
                .isCreated();
        // Its VMs wait with the balloon already at their maximum (2048 MiB): a 1024 MiB claim needs
        // no grow. Reserved, so that only that kind's claims take them.
        http.put()
                .uri("/sub-pools/bench-python-max")
                .body(new SubPoolRequest(List.of("python3.11"), 2048L, MAX_TENANT, 1, 1))
                .exchange()
                .expectStatus()
                .isCreated();
        var onWorker = RestClient.create(worker.url().toString());
        var rows = new ArrayList<String>();
        for (int i = 0; i < claims; i++) {
            var kind = KINDS.get(i % KINDS.size());
            int memoryMib = kind.memoryMib();
            awaitWarm(kind.runtime(), kind.tenant() != null);
            // The pool's replenishment and the guest's own settling are not what is measured.
            sleep(Duration.ofSeconds(3));
            var tenant = kind.tenant() != null ? kind.tenant() : "bench-" + i;

            long t0 = System.nanoTime();
            var claim = http.post()
                    .uri("/claims")
                    .body(new ClaimVmRequest(tenant, kind.runtime(), memoryMib, "bench"))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody(ClaimedVm.class)
                    .returnResult();
            long t1 = System.nanoTime();
            var vm = claim.getResponseBody();
            var rssAtClaim = qemuRssMib(vm.vmId());
            var containerId = "c-" + UUID.randomUUID().toString().substring(0, 8);
            var start = onWorker.post()
                    .uri("/vms/{id}/containers", vm.vmId())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new StartContainerRequest(
                            containerId,
                            ARN,
                            "1",
                            kind.runtime(),
                            "handler.handler",
                            echoZip(kind),
                            memoryMib,
                            30,
                            null))
                    .retrieve()
                    .toEntity(String.class);
            long t2 = System.nanoTime();
            var first = invoke(onWorker, containerId);
            long t3 = System.nanoTime();
            var second = invoke(onWorker, containerId);
            long t4 = System.nanoTime();

            var row = String.format(
                    Locale.ROOT,
                    "pool hit benchmark: %s %d MiB (%s, QEMU RSS at claim %s MiB), claim %.0f ms [%s], start %.0f ms (%s) [%s],"
                            + " first invoke %.0f ms (function %.1f ms), second invoke %.0f ms; claim to first"
                            + " answer %.0f ms",
                    kind.runtime(),
                    memoryMib,
                    vm.subPoolId(),
                    rssAtClaim,
                    ms(t1 - t0),
                    claim.getResponseHeaders().getFirst("Server-Timing"),
                    ms(t2 - t1),
                    start.getHeaders().getFirst("X-Arclight-Runtime-Start"),
                    start.getHeaders().getFirst("Server-Timing"),
                    ms(t3 - t2),
                    first.durationMs(),
                    ms(t4 - t3),
                    ms(t3 - t0));
            log.info(row);
            rows.add(row);
            onWorker.delete().uri("/vms/{id}", vm.vmId()).retrieve().toBodilessEntity();
        }
        http.delete().uri("/sub-pools/bench-python").exchange().expectStatus().isNoContent();
        http.delete().uri("/sub-pools/bench-node").exchange().expectStatus().isNoContent();
        http.delete()
                .uri("/sub-pools/bench-python-max")
                .exchange()
                .expectStatus()
                .isNoContent();
        rows.forEach(System.out::println);
        printWorkerLines();
        assertThat(rows).hasSize(claims);
    }

    /** What the worker said about spares and starts: the worker's log goes with it at the end. */
    private static void printWorkerLines() {
        try (var lines = java.nio.file.Files.lines(worker.log())) {
            lines.filter(l -> l.contains("spare") || l.contains("started from") || l.contains("answering without"))
                    .forEach(l -> System.out.println("pool hit benchmark worker: " + l));
        } catch (IOException e) {
            log.warn("could not read the worker's log: {}", e.toString());
        }
    }

    private void awaitWarm(String runtime, boolean reserved) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> vms.active().stream()
                        .anyMatch(vm -> vm.lifecycle().name().equals("warm")
                                && vm.runtimes().contains(runtime)
                                && vm.subPoolId().equals("bench-python-max") == reserved));
    }

    /** The resident memory of the VM's QEMU process, from /proc (libvirt's pid file names it). */
    private static String qemuRssMib(String vmId) {
        try {
            var pid = java.nio.file.Files.readString(java.nio.file.Path.of("/run/libvirt/qemu/arclight-"
                            + worker.id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                            + "-" + vmId + ".pid"))
                    .strip();
            for (var line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return String.valueOf(Long.parseLong(line.split("\\s+")[1]) / 1024);
                }
            }
            return "?";
        } catch (IOException | RuntimeException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static InvokeContainerResult invoke(RestClient onWorker, String containerId) {
        var result = onWorker.post()
                .uri("/containers/{id}/invocations", containerId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new InvokeContainerRequest(UUID.randomUUID().toString(), "{\"n\":1}"))
                .retrieve()
                .body(InvokeContainerResult.class);
        assertThat(result.status()).as(result.logTail()).isEqualTo(InvokeContainerResult.SUCCESS);
        return result;
    }

    private static String echoZip(Kind kind) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(kind.handlerFile()));
            zip.write(kind.code().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
