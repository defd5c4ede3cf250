package dev.arclight.worker.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.testkit.WithRealInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Measures, through the worker API on real VMs (TCG): boot against restore, per runtime, to the
 * VM answering and to its pre-started runtime being ready; a container start with and without a
 * pre-started runtime (Python, Node.js); QEMU's RSS and PSS for N pooled VMs, booted and restored.
 * Numbers go to the log ({@code pool benchmark:} lines) and into docs/benchmarks.md; nothing is
 * asserted about time. Skipped unless {@code -Darclight.pool.benchmark=N} (N = repetitions).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.worker.libvirt-uri=qemu:///system",
            "arclight.worker.accel=tcg",
            "arclight.worker.boot-timeout=4m"
        })
@AutoConfigureRestTestClient
@WithRealInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "arclight.pool.benchmark", matches = "\\d+")
class PooledVmBenchmarkIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(PooledVmBenchmarkIntegrationTests.class);
    private static final String WORKER_ID = "pb-" + UUID.randomUUID().toString().substring(0, 6);
    private static final Duration SLOW = Duration.ofMinutes(5);
    private static final String PY = "def handler(event, context):\n    return event\n";
    private static final String NODE = "exports.handler = async (event) => event;\n";

    private static WorkerApiCalls.Directories dirs;

    @Autowired
    RestTestClient http;

    private final int repetitions = Integer.getInteger("arclight.pool.benchmark", 3);
    private int sequence;
    private WorkerApiCalls calls;

    @org.junit.jupiter.api.BeforeAll
    void calls() {
        calls = new WorkerApiCalls(http);
    }

    @DynamicPropertySource
    static void vmDirectories(DynamicPropertyRegistry registry) throws Exception {
        dirs = WorkerApiCalls.Directories.register(registry, WORKER_ID);
    }

    private static Path snapshots() {
        return dirs.snapshots();
    }

    @AfterAll
    void cleanUp() {
        calls.destroyAll();
        dirs.delete();
    }

    @Test
    void benchmarkRestoreAgainstBootContainerStartsAndMemory() throws Exception {
        // The first restore request finds no template: it boots, and the template is saved beside it.
        var seed = boot(List.of(), "restore");
        long templateWait = System.nanoTime();
        await(() -> templateFile().isPresent());
        log.info(
                "pool benchmark: template saved {} ms after the first VM was ready ({} MiB)",
                (System.nanoTime() - templateWait) / 1_000_000,
                Files.size(templateFile().orElseThrow()) / (1024 * 1024));
        destroy(seed.vmId());

        var rows = new LinkedHashMap<String, List<String>>();
        for (var runtime : List.of("python3.11", "nodejs18.x")) {
            for (var method : List.of("boot", "restore")) {
                var times = new ArrayList<String>();
                for (int i = 0; i < repetitions; i++) {
                    long t0 = System.nanoTime();
                    var vm = boot(List.of(runtime), method);
                    long answered = System.nanoTime() - t0;
                    await(() -> get(vm.vmId()).runtimes().contains(runtime));
                    long spareReady = System.nanoTime() - t0;
                    assertThat(vm.startedBy()).isEqualTo(method);
                    times.add("%.2f s / %.2f s".formatted(answered / 1e9, spareReady / 1e9));
                    destroy(vm.vmId());
                }
                rows.put(runtime + " " + method + " (VM answers / spare ready)", times);
            }
        }
        rows.forEach((k, v) -> log.info("pool benchmark: {}: {}", k, v));

        var vm = boot(List.of("python3.11", "nodejs18.x"), "restore");
        await(() -> get(vm.vmId()).runtimes().containsAll(List.of("python3.11", "nodejs18.x")));
        for (var runtime : List.of("python3.11", "nodejs18.x")) {
            var zip = runtime.startsWith("python")
                    ? FunctionZips.module("echo.py", PY)
                    : FunctionZips.module("echo.js", NODE);
            var handler = runtime.startsWith("python") ? "echo.handler" : "echo.handler";
            // An interpreter-start variable makes the agent start the runtime cold.
            var coldEnv = runtime.startsWith("python")
                    ? Map.of("PYTHONDONTWRITEBYTECODE", "1")
                    : Map.of("NODE_OPTIONS", "--no-warnings");
            var warm = new ArrayList<String>();
            var cold = new ArrayList<String>();
            for (int i = 0; i < repetitions; i++) {
                await(() -> get(vm.vmId()).runtimes().contains(runtime));
                warm.add(startAndStop(vm.vmId(), runtime, handler, zip, Map.of(), "pre-started"));
                cold.add(startAndStop(vm.vmId(), runtime, handler, zip, coldEnv, "cold"));
            }
            log.info("pool benchmark: container start {} pre-started: {}", runtime, warm);
            log.info("pool benchmark: container start {} cold: {}", runtime, cold);
        }
        destroy(vm.vmId());

        for (var method : List.of("boot", "restore")) {
            var vms = new ArrayList<VmView>();
            for (int i = 0; i < 3; i++) {
                vms.add(boot(List.of("python3.11"), method));
            }
            for (var v : vms) {
                await(() -> get(v.vmId()).runtimes().contains("python3.11"));
            }
            Thread.sleep(5000);
            var memory = new ArrayList<String>();
            for (var v : vms) {
                memory.add(qemuMemory(v.vmId()));
            }
            log.info("pool benchmark: 3 pooled 512 MiB VMs ({}), QEMU RSS / PSS: {}", method, memory);
            vms.forEach(v -> destroy(v.vmId()));
        }
    }

    private String startAndStop(
            String vm, String runtime, String handler, String zip, Map<String, String> env, String expected) {
        var id = "c" + (++sequence);
        long t0 = System.nanoTime();
        var how = calls.start(vm, id, runtime, handler, zip, env);
        long took = System.nanoTime() - t0;
        assertThat(how).isEqualTo(expected);
        calls.stop(id);
        return "%.2f s".formatted(took / 1e9);
    }

    private String qemuMemory(String vmId) throws Exception {
        var name = "arclight-" + WORKER_ID + "-" + vmId;
        var pid =
                Files.readString(Path.of("/run/libvirt/qemu/" + name + ".pid")).strip();
        long rss = 0;
        long pss = 0;
        for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            var parts = line.split("\\s+");
            if (line.startsWith("Rss:")) {
                rss = Long.parseLong(parts[1]);
            } else if (line.startsWith("Pss:")) {
                pss = Long.parseLong(parts[1]);
            }
        }
        return "%d / %d MiB".formatted(rss / 1024, pss / 1024);
    }

    private java.util.Optional<Path> templateFile() {
        return WorkerApiCalls.templateFile(snapshots());
    }

    private VmView boot(List<String> runtimes, String start) {
        return calls.boot(new BootVmRequest("b" + (++sequence), null, 512L, 512L, 1, runtimes, start));
    }

    private VmView get(String vm) {
        return calls.get(vm);
    }

    private void destroy(String vm) {
        calls.destroy(vm);
    }

    private static void await(BooleanSupplier condition) {
        WorkerApiCalls.await(SLOW, condition);
    }
}
