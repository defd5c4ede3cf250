package dev.arclight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.testkit.QemuMemory;
import dev.arclight.testkit.RealInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "done means" on the whole platform with a real VM: a 512 MB function fills its
 * guest's page cache and goes idle; reclaim-service (started here beside the shared platform, with
 * a 30 s idle window instead of the local stack's 60 s to keep the run short) shrinks its VM
 * through the worker; the worker's {@code GET /vms} shows less memory and QEMU's resident memory
 * on the host drops; then a call that allocates 400 MB in that function succeeds, because the
 * worker grows the VM before it forwards the call. The figures it measures are printed as {@code
 * RECLAIM-E2E} lines (docs/benchmarks.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReclaimEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Guest pages a shrunk, idle guest may still have resident above its target (kernel work, the agent's samples). */
    private static final long RESIDENT_SLACK_MIB = 32;

    /**
     * Page cache the fill must leave for the shrink to be bound to give some back: well above the
     * policy's 64 MiB headroom plus the slack. The fill reads up to 300 MiB in 40 s; under load it
     * has read only 144.
     */
    private static final long FILLED_CACHE_MIB = 180;

    private static final String FUNCTION = """
            import os, time

            def meminfo():
                with open('/proc/meminfo') as f:
                    fields = dict(line.split(':', 1) for line in f)
                return {k: int(fields[k].split()[0]) >> 10 for k in ('MemTotal', 'MemFree', 'Cached')}

            def handler(event, context):
                if event.get('fill'):
                    limit, read, started = event['fill'] << 20, 0, time.time()
                    for root, dirs, files in os.walk('/usr'):
                        for name in files:
                            try:
                                with open(os.path.join(root, name), 'rb') as f:
                                    while True:
                                        chunk = f.read(1 << 20)
                                        if not chunk:
                                            break
                                        read += len(chunk)
                            except OSError:
                                pass
                            if read >= limit or time.time() - started > 40:
                                return {'readMib': read >> 20, 'guestMib': meminfo()}
                    return {'readMib': read >> 20, 'guestMib': meminfo()}
                if event.get('allocate'):
                    block = b'\\x01' * (event['allocate'] << 20)
                    return {'allocatedMib': len(block) >> 20}
                return {}
            """;

    private static LambdaClient lambda;
    private static ServiceProcess reclaim;
    /** The function of the first test, whose VM the second one watches. */
    private static String function;

    @BeforeAll
    static void start() {
        var platform = Platform.get();
        lambda = LambdaClients.local();
        var root = Path.of(System.getProperty("arclight.e2e.root", ".."))
                .toAbsolutePath()
                .normalize();
        var database = RealInfrastructure.postgres().databaseFor("reclaim");
        reclaim = ServiceProcess.start(
                "reclaim-service",
                jar(root),
                platform.reclaimPort(),
                Map.of(
                        "SPRING_DATASOURCE_URL", database.jdbcUrl(),
                        "SPRING_DATASOURCE_USERNAME", database.username(),
                        "SPRING_DATASOURCE_PASSWORD", database.password(),
                        "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                                RealInfrastructure.kafka().bootstrapServers(),
                        "ARCLIGHT_RECLAIM_POLICY_IDLEAFTER", "30s",
                        "ARCLIGHT_RECLAIM_POLICY_COOLDOWN", "30s"),
                List.of(),
                Path.of(System.getProperty("arclight.e2e.logs", "target/e2e-logs")));
        reclaim.awaitHealthy(Duration.ofMinutes(3));
        assertThat(platform.workerUrl()).isNotNull();
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
        }
        if (reclaim != null) {
            reclaim.close();
        }
    }

    @Test
    @Order(1)
    void anIdleVmIsShrunkItsHostGetsTheMemoryBackAndTheNextBigCallStillSucceeds() throws Exception {
        var name = "reclaim-" + UUID.randomUUID().toString().substring(0, 8);
        function = name;
        lambda.createFunction(r -> r.functionName(name)
                .runtime(Runtime.PYTHON3_11)
                .handler("handler.handler")
                .memorySize(512)
                .role("arn:aws:iam::000000000000:role/e2e")
                .timeout(120)
                .code(c -> c.zipFile(FunctionZips.python(FUNCTION))));
        // A warm stack serves a new function's first call from the pool: that VM, restored and grown
        // on claim, is the one whose shrink has the least to give back, so it is the one to test.
        WarmPool.awaitWarm("python3.11");
        assertThat(invoke(name, "{}").functionError()).isNull();
        var fill = invoke(name, "{\"fill\":300}");
        assertThat(fill.functionError()).isNull();

        var vm = vmOf(name);
        var vmId = vm.path("vmId").asString();
        long maxMemory = vm.path("maxMemoryMib").asLong();
        // What the VM holds once the fill call ran: a VM claimed from the pool has a maximum far above
        // its memory (it can be grown on claim), so only a drop below this is a shrink.
        long filledMemory = vm.path("memoryMib").asLong();
        var qemu = qemuPid(vmId);
        long rssFilled = rssMib(qemu);
        var memoryFilled = QemuMemory.of(qemu);
        var balloonFilled = domMemStat(vmId);
        long idleSince = System.nanoTime();

        // The last reading before the worker shows the shrink: what QEMU held once the VM sat idle.
        var beforeShrink = new AtomicReference<>(memoryFilled);
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    var reading = QemuMemory.of(qemu);
                    boolean shrunk = vmView(vmId).path("memoryMib").asLong() < filledMemory;
                    if (!shrunk) {
                        beforeShrink.set(reading);
                    }
                    return shrunk;
                });
        long shrunkAfterMs = (System.nanoTime() - idleSince) / 1_000_000;
        long target = vmView(vmId).path("memoryMib").asLong();
        var rss = new ArrayList<Long>();
        var split = new ArrayList<QemuMemory>();
        for (int i = 0; i < 40; i++) {
            rss.add(rssMib(qemu));
            split.add(QemuMemory.of(qemu));
            Thread.sleep(500);
        }
        var balloonShrunk = domMemStat(vmId);
        System.out.printf(
                "RECLAIM-E2E-DIAG startedBy=%s; QEMU memory MiB after the fill %s (balloon %s), just before the"
                        + " shrink %s, every 500 ms after it %s (balloon %s)%n",
                vmView(vmId).path("startedBy").asString(),
                memoryFilled,
                balloonFilled,
                beforeShrink.get(),
                split,
                balloonShrunk);
        long rssShrunk = rss.stream().mapToLong(Long::longValue).min().orElseThrow();

        long started = System.nanoTime();
        var big = invoke(name, "{\"allocate\":400}");
        long firstCallMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        var again = invoke(name, "{\"allocate\":400}");
        long secondCallMs = (System.nanoTime() - started) / 1_000_000;

        System.out.printf(
                "RECLAIM-E2E fill read %s; vm=%s max=%d MiB filled=%d MiB target=%d MiB shrunk %d ms after the fill; QEMU RSS %d -> %d MiB"
                        + " (samples every 500 ms: %s); allocate 400 MB: first call %d ms, next %d ms; memory now %d MiB;"
                        + " decisions %s%n",
                fill.payload().asUtf8String(),
                vmId,
                maxMemory,
                filledMemory,
                target,
                shrunkAfterMs,
                rssFilled,
                rssShrunk,
                rss,
                firstCallMs,
                secondCallMs,
                vmView(vmId).path("memoryMib").asLong(),
                adminView());
        assertThat(target).isLessThan(filledMemory);
        // What a shrink promises the host: QEMU holds no more of the guest's RAM than the balloon
        // leaves the guest. So QEMU's memory drops whenever the guest held more than that. A VM
        // claimed from the pool may hold less: restored, then grown on claim, it holds only the pages
        // its guest touched since, and if those are under the target a shrink has nothing to give
        // back. An idle target leaves the page cache out (need plus headroom, the need from idle
        // samples), so once the fill really filled it, the guest holds more than the target.
        long guestRamBefore = beforeShrink.get().guestRamMib();
        long guestRamShrunk =
                split.stream().mapToLong(QemuMemory::guestRamMib).min().orElseThrow();
        assertThat(guestRamShrunk)
                .as("guest RAM resident after the shrink to %d MiB", target)
                .isLessThanOrEqualTo(target + RESIDENT_SLACK_MIB);
        long cachedByFill = JSON.readTree(fill.payload().asUtf8String())
                .path("guestMib")
                .path("Cached")
                .asLong();
        if (cachedByFill >= FILLED_CACHE_MIB) {
            assertThat(guestRamBefore)
                    .as("guest RAM before a shrink to %d MiB, %d MiB of page cache filled", target, cachedByFill)
                    .isGreaterThan(target + RESIDENT_SLACK_MIB);
        }
        if (guestRamBefore > target + RESIDENT_SLACK_MIB) {
            assertThat(rssShrunk).as("QEMU's RSS after the shrink").isLessThan(rssFilled);
            assertThat(guestRamShrunk).isLessThan(guestRamBefore);
        }
        // The admin view through the gateway: the caller's own VMs' decisions, none of another's.
        assertThat(adminView()).contains(vmId);
        assertThat(adminView(TestTenants.HOSTILE_API_KEY)).doesNotContain(vmId);
        assertThat(big.functionError()).isNull();
        assertThat(JSON.readTree(big.payload().asUtf8String())
                        .path("allocatedMib")
                        .asLong())
                .isEqualTo(400);
        assertThat(again.functionError()).isNull();
    }

    /**
     * {@code kill -9} of reclaim-service while calls run: it is off the call path, so no call fails;
     * the decisions it settled before are all still there with their outcome once it is back (they
     * live in PostgreSQL, not in the process), none is applied twice (one decision per idempotency
     * key), and the restarted service goes on deciding: the VM, grown for the big calls, is shrunk
     * again once idle.
     */
    @Test
    @Order(2)
    void killingReclaimLosesNoDecisionAndItShrinksAgainAfterItsRestart() throws Exception {
        assertThat(function).as("the first test's function").isNotNull();
        var vmId = vmOf(function).path("vmId").asString();
        var settled = settledDecisions();
        assertThat(settled).isNotEmpty();

        var failures = new AtomicInteger();
        var calls = new AtomicInteger();
        var running = new AtomicBoolean(true);
        try (var load = Executors.newVirtualThreadPerTaskExecutor()) {
            load.submit(() -> {
                while (running.get()) {
                    calls.incrementAndGet();
                    if (invoke(function, "{\"allocate\":100}").functionError() != null) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            });
            Thread.sleep(2_000);
            reclaim.kill();
            Thread.sleep(2_000);
            reclaim = reclaim.restarted();
            reclaim.awaitHealthy(Duration.ofMinutes(3));
            running.set(false);
        }
        assertThat(calls.get()).isPositive();
        assertThat(failures.get()).as("failed calls of %d", calls.get()).isZero();
        assertThat(settledDecisions()).containsAllEntriesOf(settled);

        long grown = vmView(vmId).path("memoryMib").asLong();
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> vmView(vmId).path("memoryMib").asLong() < grown);
        var keys = new ArrayList<String>();
        for (var vm : JSON.readTree(adminView()).path("vms")) {
            vm.path("recent")
                    .forEach(
                            decision -> keys.add(decision.path("idempotencyKey").asString()));
        }
        assertThat(keys).doesNotHaveDuplicates();
    }

    /** The tenant's decisions that reached DONE or PARTIAL, by idempotency key, with their status. */
    private static Map<String, String> settledDecisions() throws Exception {
        var settled = new HashMap<String, String>();
        for (var vm : JSON.readTree(adminView()).path("vms")) {
            for (var decision : vm.path("recent")) {
                var status = decision.path("status").asString();
                if (status.equals("DONE") || status.equals("PARTIAL")) {
                    settled.put(decision.path("idempotencyKey").asString(), status);
                }
            }
        }
        return settled;
    }

    private static InvokeResponse invoke(String name, String payload) {
        return lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static JsonNode vmOf(String function) throws Exception {
        for (var vm : JSON.readTree(get(Platform.get().workerUrl().resolve("/vms")))) {
            for (var container : vm.path("containers")) {
                if (container.path("functionArn").asString().contains(":function:" + function)) {
                    return vm;
                }
            }
        }
        throw new AssertionError("no VM on the worker holds a container of " + function);
    }

    private static JsonNode vmView(String vmId) throws Exception {
        return JSON.readTree(get(Platform.get().workerUrl().resolve("/vms/" + vmId)));
    }

    /** The local tenant's resize decisions, as a caller sees them: through the gateway, by API key. */
    private static String adminView() throws Exception {
        return adminView(TestTenants.LOCAL_API_KEY);
    }

    private static String adminView(String apiKey) throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(Platform.get().gatewayUrl().resolve("/admin/reclaim"))
                        .header("X-Api-Key", apiKey)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET /admin/reclaim through the gateway")
                .isEqualTo(200);
        return response.body();
    }

    private static String get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The QEMU process of the VM: its command line names the libvirt domain, which ends in the VM id. */
    private static long qemuPid(String vmId) throws IOException {
        var domain = "guest=arclight-" + Platform.WORKER_ID.toLowerCase() + "-" + vmId;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (var dir : processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    var cmdline = Files.readString(dir.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains(domain + ",") || cmdline.contains(domain + " ")) {
                        return Long.parseLong(dir.getFileName().toString());
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        throw new AssertionError("no QEMU process for " + domain);
    }

    private static String domMemStat(String vmId) throws Exception {
        var domain = "arclight-" + Platform.WORKER_ID.toLowerCase() + "-" + vmId;
        var virsh = new ProcessBuilder("virsh", "-c", "qemu:///system", "dommemstat", domain)
                .redirectErrorStream(true)
                .start();
        var out = new String(virsh.getInputStream().readAllBytes()).strip().replace('\n', ',');
        virsh.waitFor();
        return out;
    }

    private static long rssMib(long pid) throws IOException {
        OptionalLong kib = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst();
        return kib.orElseThrow() / 1024;
    }

    private static Path jar(Path root) {
        var target = root.resolve("reclaim-service").resolve("target");
        try (var jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElse(target.resolve("reclaim-service-exec.jar"));
        } catch (IOException e) {
            return target.resolve("reclaim-service-exec.jar");
        }
    }
}
