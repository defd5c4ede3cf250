package dev.arclight.worker.api;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.ResizeVmMemoryRequest;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.testkit.QemuMemory;
import dev.arclight.testkit.WithRealInfrastructure;
import dev.arclight.worker.vm.MemoryStats;
import dev.arclight.worker.vm.TcgProperties;
import dev.arclight.worker.vm.VirtualMachines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Measures reclaim on real VMs (TCG), through the worker API: the QEMU RSS of N restored 512 MiB
 * pooled VMs, fresh and after a warm Python container has worked and read files into the page
 * cache; warm-call latency (what the TCG translation cache size costs); then N-1 of them shrunk at
 * once to {@value #SHRINK_MIB} MiB with {@code PUT /vms/{id}/memory}, QEMU RSS and the balloon's
 * {@code actual} sampled every 100 ms: memory returned, time to the balloon at target, time to 80%
 * of the RSS drop; the RSS of each idle shrunk VM over its configured memory; and the first
 * (non-allocating) call in a shrunk VM, against the same call in the VM left unshrunk.
 *
 * <p>Numbers go to the log ({@code reclaim benchmark:} lines) and docs/benchmarks.md; nothing is
 * asserted about time. Skipped unless {@code -Darclight.reclaim.benchmark=N} (N VMs, at least 2);
 * the translation cache is {@code -Darclight.worker.tcg-tb-cache-mib}.
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
@EnabledIfSystemProperty(named = "arclight.reclaim.benchmark", matches = "\\d+")
class ReclaimBenchmarkIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(ReclaimBenchmarkIntegrationTests.class);
    private static final String WORKER_ID = "rb-" + UUID.randomUUID().toString().substring(0, 6);
    private static final Duration SLOW = Duration.ofMinutes(5);
    private static final long VM_MIB = 512;
    /** Above {@link #VM_MIB}: the VMs are pooled as the pool service boots them, grown on claim. */
    private static final long MAX_MIB = Long.getLong("arclight.reclaim.benchmark.max-mib", VM_MIB);
    /** Grown to this before the containers start, as a claim does (0: not grown). */
    private static final long CLAIM_MIB = Long.getLong("arclight.reclaim.benchmark.claim-mib", 0);

    private static final long CONTAINER_MIB = Long.getLong("arclight.reclaim.benchmark.container-mib", 128);
    private static final long SHRINK_MIB = Long.getLong("arclight.reclaim.benchmark.shrink-mib", 192);
    private static final Duration SHRINK_WATCH = Duration.ofSeconds(12);
    private static final String HANDLER = """
            import json, re
            import app

            def handler(event, context):
                op = event.get("op", "echo")
                if op == "work":
                    items = [{"id": i, "name": "item-%d" % i, "tags": ["a", "b", str(i % 7)]} for i in range(2000)]
                    text = json.dumps(items)
                    back = json.loads(text)
                    found = len(re.findall(r'"item-\\d+7"', text))
                    return {"n": len(back), "found": found, "sorted": sorted(x["name"] for x in back)[0]}
                if op == "fill":
                    return app.read_everything_under("/usr")
                return event
            """;

    private static final String NODE_HANDLER = """
            exports.handler = async (event) => {
              if (event.op === "work") {
                const items = Array.from({length: 2000}, (_, i) => ({id: i, name: "item-" + i, tags: ["a", "b", String(i % 7)]}));
                const text = JSON.stringify(items);
                const back = JSON.parse(text);
                const found = (text.match(/"item-\\d+7"/g) || []).length;
                return {n: back.length, found, sorted: back.map(x => x.name).sort()[0]};
              }
              return event;
            };
            """;

    private static WorkerApiCalls.Directories dirs;

    @Autowired
    RestTestClient http;

    @Autowired
    VirtualMachines vms;

    @Autowired
    TcgProperties tcg;

    private final int count = Math.max(2, Integer.getInteger("arclight.reclaim.benchmark", 2));
    private WorkerApiCalls calls;

    @BeforeAll
    void calls() {
        calls = new WorkerApiCalls(http);
    }

    @DynamicPropertySource
    static void vmDirectories(DynamicPropertyRegistry registry) throws Exception {
        dirs = WorkerApiCalls.Directories.register(registry, WORKER_ID);
    }

    @AfterAll
    void cleanUp() {
        calls.destroyAll();
        dirs.delete();
    }

    @Test
    void benchmarkShrinkingIdleVms() throws Exception {
        var tag = "tb-cache " + (tcg.tcgTbCacheMib() == 0 ? "QEMU default" : tcg.tcgTbCacheMib() + " MiB");
        var seed = boot("seed");
        WorkerApiCalls.await(
                SLOW, () -> WorkerApiCalls.templateFile(dirs.snapshots()).isPresent());
        calls.destroy(seed.vmId());

        var ids = IntStream.range(0, count).mapToObj(i -> "v" + i).toList();
        ids.forEach(this::boot);
        for (var id : ids) {
            WorkerApiCalls.await(SLOW, () -> calls.get(id).runtimes().containsAll(List.of("python3.11", "nodejs18.x")));
        }
        Thread.sleep(3000);
        log.info("reclaim benchmark: {}: QEMU runs with {}", tag, qemuAccel(ids.getFirst()));
        log.info(
                "reclaim benchmark: {}: fresh pooled VMs (python and node spares ready), QEMU RSS MiB: {}",
                tag,
                rss(ids));

        if (CLAIM_MIB > 0) {
            for (var id : ids) {
                resize(id, CLAIM_MIB);
            }
            Thread.sleep(3000);
            log.info(
                    "reclaim benchmark: {}: grown to {} MiB as on claim, QEMU memory MiB: {}",
                    tag,
                    CLAIM_MIB,
                    split(ids));
        }
        var python = FunctionZips.modules(Map.of("bench.py", HANDLER, "app.py", GuestFunctions.PYTHON));
        var node = FunctionZips.module("bench.js", NODE_HANDLER);
        for (var id : ids) {
            start(id, "c-" + id, "python3.11", python);
            start(id, "n-" + id, "nodejs18.x", node);
            for (int i = 0; i < 5; i++) {
                invoke("c-" + id, "work");
                invoke("n-" + id, "work");
            }
        }
        var work = latencies("c-" + ids.getFirst(), "work", 20);
        var nodeWork = latencies("n-" + ids.getFirst(), "work", 20);
        var echo = latencies("c-" + ids.getFirst(), "echo", 20);
        log.info(
                "reclaim benchmark: {}: warm call latency ms (p50 / p90 / max of 20), python work: {}, node work: {},"
                        + " python echo: {}",
                tag,
                work,
                nodeWork,
                echo);
        log.info("reclaim benchmark: {}: after warm calls, QEMU RSS MiB: {}", tag, rss(ids));
        for (var id : ids) {
            invoke("c-" + id, "fill");
        }
        Thread.sleep(3000);
        var before = rss(ids);
        log.info("reclaim benchmark: {}: after warm calls and a page-cache fill, QEMU RSS MiB: {}", tag, before);
        log.info(
                "reclaim benchmark: {}: after the fill, QEMU memory MiB: {}; balloon {}",
                tag,
                split(ids),
                ids.stream().map(vms::memoryStats).toList());

        var shrunk = ids.subList(0, count - 1);
        var unshrunk = ids.getLast();
        var samples = new ConcurrentHashMap<String, List<long[]>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var id : shrunk) {
                pool.submit(() -> samples.put(id, shrinkAndWatch(id)));
            }
        }
        long returned = 0;
        for (var id : shrunk) {
            var s = samples.get(id);
            long first = s.getFirst()[1];
            long last = s.getLast()[1];
            long drop = first - last;
            long atTarget = firstTime(s, x -> x[2] <= (SHRINK_MIB + 8) * 1024);
            long at80 = firstTime(s, x -> first - x[1] >= drop * 0.8);
            returned += drop;
            log.info(
                    "reclaim benchmark: {}: VM {} shrunk {} -> {} MiB: QEMU RSS {} -> {} MiB (-{}), balloon at target"
                            + " after {} ms, 80% of the RSS drop after {} ms; every 500 ms, RSS/guest RAM/translation cache/balloon"
                            + " actual: {}",
                    tag, id, VM_MIB, SHRINK_MIB, first / 1024, last / 1024, drop / 1024, atTarget, at80, every500ms(s));
        }
        log.info(
                "reclaim benchmark: {}: memory returned from {} idle VMs: {} MiB", tag, shrunk.size(), returned / 1024);

        log.info(
                "reclaim benchmark: {}: right after the shrink watch, QEMU memory MiB: {}; balloon {}",
                tag,
                split(ids),
                ids.stream().map(vms::memoryStats).toList());
        Thread.sleep(10_000);
        log.info("reclaim benchmark: {}: 10 s later, QEMU memory MiB: {}", tag, split(ids));
        var idle = rss(shrunk);
        log.info(
                "reclaim benchmark: {}: idle shrunk VMs 10 s later, QEMU RSS MiB: {} (configured {} MiB), fractions {}",
                tag,
                idle,
                VM_MIB,
                Arrays.stream(idle)
                        .mapToObj(r -> "%.2f".formatted(r / (double) VM_MIB))
                        .toList());

        var first = new ArrayList<String>();
        var baseline = new ArrayList<String>();
        var second = new ArrayList<String>();
        for (var id : shrunk) {
            first.add(timed("c-" + id, "echo"));
            baseline.add(timed("c-" + unshrunk, "echo"));
            second.add(timed("c-" + id, "echo"));
        }
        log.info(
                "reclaim benchmark: {}: first echo call after the shrink (grow included): {} ms; the same call in the"
                        + " unshrunk VM: {} ms; the second call in the shrunk VM: {} ms; VM memory now {} MiB",
                tag,
                first,
                baseline,
                second,
                calls.get(shrunk.getFirst()).memoryMib());
    }

    private void start(String vm, String container, String runtime, String zip) {
        http.post()
                .uri("/vms/" + vm + "/containers")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new StartContainerRequest(
                        container,
                        WorkerApiCalls.ARN,
                        "1",
                        runtime,
                        "bench.handler",
                        zip,
                        runtime.startsWith("python") ? (int) CONTAINER_MIB : 128,
                        120,
                        Map.of()))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** Shrinks the VM and samples {time ms, QEMU RSS KiB, balloon actual KiB} every 100 ms. */
    private List<long[]> shrinkAndWatch(String id) {
        var out = new ArrayList<long[]>();
        out.add(sample(id, 0));
        long t0 = System.nanoTime();
        resize(id, SHRINK_MIB);
        while (System.nanoTime() - t0 < SHRINK_WATCH.toNanos()) {
            out.add(sample(id, (System.nanoTime() - t0) / 1_000_000));
            sleep(100);
        }
        return out;
    }

    private void resize(String id, long memoryMib) {
        http.put()
                .uri("/vms/" + id + "/memory")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ResizeVmMemoryRequest(memoryMib))
                .exchange()
                .expectStatus()
                .isOk();
    }

    /** Each VM's QEMU resident memory split into guest RAM, translation cache and the rest. */
    private List<QemuMemory> split(List<String> ids) throws Exception {
        var out = new ArrayList<QemuMemory>();
        for (var id : ids) {
            out.add(QemuMemory.of(pid(id)));
        }
        return out;
    }

    private long pid(String id) throws Exception {
        var name = vms.names().domainName(id);
        return Long.parseLong(
                Files.readString(Path.of("/run/libvirt/qemu/" + name + ".pid")).strip());
    }

    private long[] sample(String id, long ms) {
        MemoryStats stats = vms.memoryStats(id);
        QemuMemory split;
        try {
            split = QemuMemory.of(pid(id));
        } catch (Exception e) {
            split = new QemuMemory(-1, -1, -1);
        }
        return new long[] {
            ms, stats.rssKib().orElse(-1), stats.actualKib(), split.guestRamMib(), split.translationCacheMib()
        };
    }

    private static long firstTime(List<long[]> samples, java.util.function.Predicate<long[]> condition) {
        return samples.stream()
                .skip(1)
                .filter(condition)
                .mapToLong(x -> x[0])
                .findFirst()
                .orElse(-1);
    }

    /** Every 500 ms: QEMU RSS / its guest RAM / its translation cache / the balloon's actual, MiB. */
    private static List<String> every500ms(List<long[]> samples) {
        var out = new ArrayList<String>();
        long next = 0;
        for (var s : samples) {
            if (s[0] >= next) {
                out.add(s[1] / 1024 + "/" + s[3] + "/" + s[4] + "/" + s[2] / 1024);
                next += 500;
            }
        }
        return out;
    }

    /** QEMU's arguments naming TCG: they show the translation cache libvirt passed. */
    private String qemuAccel(String id) throws Exception {
        var name = vms.names().domainName(id);
        var pid =
                Files.readString(Path.of("/run/libvirt/qemu/" + name + ".pid")).strip();
        var args =
                List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
        return args.stream().filter(a -> a.contains("tcg")).toList().toString();
    }

    private long[] rss(List<String> ids) throws Exception {
        var out = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            var name = vms.names().domainName(ids.get(i));
            var pid = Files.readString(Path.of("/run/libvirt/qemu/" + name + ".pid"))
                    .strip();
            for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    out[i] = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        }
        return out;
    }

    private String latencies(String container, String op, int n) {
        var ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            invoke(container, op);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return "%.0f / %.0f / %.0f".formatted(ms[n / 2], ms[(int) (n * 0.9)], ms[n - 1]);
    }

    private String timed(String container, String op) {
        long t0 = System.nanoTime();
        invoke(container, op);
        return "%.0f".formatted((System.nanoTime() - t0) / 1e6);
    }

    private void invoke(String container, String op) {
        calls.invoke(container, "{\"op\":\"" + op + "\"}");
    }

    private VmView boot(String id) {
        return calls.boot(
                new BootVmRequest(id, null, VM_MIB, MAX_MIB, 1, List.of("python3.11", "nodejs18.x"), "restore"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
