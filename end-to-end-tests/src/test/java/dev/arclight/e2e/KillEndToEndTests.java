package dev.arclight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.invocation.InvocationHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kill -9} of the gateway and of pool-service under a mixed sync/async load ({@link
 * MixedLoad}), of the worker and of a VM's QEMU in the middle of an invocation (the placement
 * instance's kill, also under a mixed load, is in
 * {@link InvocationEndToEndTests}, reclaim-service's in {@link ReclaimEndToEndTests}). Each time:
 * no acknowledged async event is lost, calls in flight end fast in Lambda's shape (or, when the
 * gateway itself dies, with a broken connection) and none outlives its time limit, the platform
 * serves new calls once the service is back, and placement's books, the worker's VMs and libvirt's
 * domains agree afterwards without a hand's clean-up. Every killed service is started again, so
 * the platform is whole for the tests after these. Last, the leak a kill mid-claim can leave: a VM
 * claimed from the pool that no placement instance took is destroyed by placement's orphan sweep.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SLEEPER =
            "import time\ndef handler(event, context):\n    time.sleep(event.get('seconds', 0))\n    return 'slept'\n";
    private static final String FAILING = "def handler(event, context):\n    raise RuntimeError('always')\n";
    /** What a call may answer while the service it passes is killed and restarted: fast, in Lambda's shape. */
    private static final List<Integer> ALLOWED_WHILE_DOWN = List.of(200, MixedLoad.NO_ANSWER, 502, 503, 504);

    private static final Pattern VMS_GAUGE = Pattern.compile("(?m)^arclight_placement_vms\\{[^}]*} ([0-9.]+)$");

    private static LambdaClient lambda;

    @BeforeAll
    static void connect() {
        lambda = LambdaClients.local();
    }

    @AfterAll
    static void disconnect() {
        lambda.close();
    }

    @Test
    @Order(1)
    void killingTheGatewayUnderMixedLoadLosesNoAcknowledgedEvent() throws Exception {
        var sleeper = create("kill-gw-sync", SLEEPER);
        var failing = create("kill-gw-async", FAILING);
        invoke(sleeper, 0);

        Duration longest;
        try (var load = MixedLoad.start(lambda, sleeper, "{\"seconds\":1}", failing)) {
            Thread.sleep(3_000);
            Platform.get().service(Platform.GATEWAY).kill();
            Thread.sleep(2_000);
            Platform.get().restart(Platform.GATEWAY);
            Thread.sleep(3_000);
            longest = load.stop();
            // Refused or broken while the gateway was down, served before and after.
            assertThat(load.syncStatuses()).contains(200).isSubsetOf(ALLOWED_WHILE_DOWN);
            load.assertNoAcknowledgedEventLost();
        }
        assertThat(longest).as("the longest call").isLessThan(Duration.ofSeconds(60));
        assertThat(invoke(sleeper, 0)).isEqualTo(200);
        awaitBooksAgree();
    }

    @Test
    @Order(2)
    void killingTheWorkerMidInvocationFailsTheCallFastAndHealsAfterItsRestart() throws Exception {
        var sleeper = create("kill-worker", SLEEPER);
        assertThat(invoke(sleeper, 0)).isEqualTo(200);

        var inFlight = CompletableFuture.supplyAsync(() -> invoke(sleeper, 20));
        Thread.sleep(3_000);
        long killedAt = System.nanoTime();
        Platform.get().service(Platform.WORKER).kill();
        assertThat(inFlight.get(60, TimeUnit.SECONDS)).isIn(502, 503, 504);
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(20));

        Platform.get().restart(Platform.WORKER);
        // Back and ready: the next call is served, though the worker lost the containers placement
        // held (placement drops what the worker says is gone and starts the call afresh).
        assertThat(invoke(sleeper, 0)).isEqualTo(200);
        awaitBooksAgree();
    }

    @Test
    @Order(3)
    void killingAVmsQemuMidInvocationFailsTheCallFastAndTheNextCallsAreServed() throws Exception {
        var sleeper = create("kill-qemu", SLEEPER);
        assertThat(invoke(sleeper, 0)).isEqualTo(200);
        var domain = domainRunning(sleeper);

        var inFlight = CompletableFuture.supplyAsync(() -> invoke(sleeper, 20));
        Thread.sleep(3_000);
        long killedAt = System.nanoTime();
        var qemu = new ProcessBuilder("pkill", "-9", "-f", "guest=" + domain + ",").start();
        assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(qemu.exitValue())
                .as("a QEMU process of %s was found", domain)
                .isZero();
        assertThat(inFlight.get(60, TimeUnit.SECONDS)).isIn(502, 503, 504);
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(20));

        // The in-flight call cost the dead VM in placement's books: the next call is served at once.
        assertThat(invoke(sleeper, 0)).isEqualTo(200);
        awaitBooksAgree();
    }

    @Test
    @Order(4)
    void killingThePoolUnderLoadKeepsCallsServedAndItsBooksAgreeAfterItsRestart() throws Exception {
        var warm = create("kill-pool-warm", SLEEPER);
        var failing = create("kill-pool-async", FAILING);
        assertThat(invoke(warm, 0)).isEqualTo(200);
        assertThat(invoke(failing, 0)).isEqualTo(200);
        try (var fresh = LambdaClients.forTenant(TestTenants.KILL_ACCESS_KEY, TestTenants.KILL_SECRET)) {
            try (var load = MixedLoad.start(lambda, warm, "{\"seconds\":0}", failing)) {
                Thread.sleep(2_000);
                Platform.get().service(Platform.POOL).kill();

                // Pool down: a tenant with no VM of its own gets its first call served all the same,
                // by booting (the claim is refused at once, not waited for).
                var first = firstCall(fresh, "kill-pool-first", 256);
                assertThat(first).isEqualTo("cold");

                Platform.get().restart(Platform.POOL);
                load.stop();
                // The pool is off the path of calls to VMs that already exist: none failed.
                assertThat(load.syncStatuses())
                        .as("warm calls while the pool was down and back")
                        .isNotEmpty()
                        .containsOnly(200);
                load.assertNoAcknowledgedEventLost();
            }

            // Back, with the books it kept in PostgreSQL: it hands out a warm VM again. 1024 MiB does
            // not fit the tenant's booted VM, so only a claim (resized on claim) spares a boot.
            awaitPoolAgreesWithTheWorker();
            // Earlier claims may have left the Python sub-pool refilling (a boot the kill cut short is
            // redone): the claim needs a warm VM of its runtime, not just any warm VM.
            WarmPool.awaitWarm("python3.11");
            var after = firstCall(fresh, "kill-pool-after", 1024);
            assertThat(after)
                    .as("the first call after the pool's restart; placement's claims so far: %s", claimCounts())
                    .isEqualTo("pool");
        }
        awaitBooksAgree();
        awaitPoolAgreesWithTheWorker();
    }

    @Test
    @Order(5)
    void aVmClaimedByAnInstanceThatNeverTookItIsDestroyedWithoutAHand() throws Exception {
        // As a claim whose answer never reached placement (its instance was killed mid-claim): the
        // VM is a tenant's on the worker, and no placement instance's books or owner rows know it.
        WarmPool.awaitWarm("python3.11");
        var claim = JSON.writeValueAsString(Map.of(
                "tenant", "e2e-vanished-tenant",
                "runtime", "python3.11",
                "memoryMib", 256,
                "claimant", "placement-vanished"));
        var claimed = JSON.readTree(post(Platform.get().poolUrl().resolve("/claims"), claim));
        var vmId = claimed.path("vmId").asString();
        assertThat(workerVms()).as("the claimed VM, the tenant's on the worker").anySatisfy(vm -> {
            assertThat(vm.path("vmId").asString()).isEqualTo(vmId);
            assertThat(vm.path("tenant").asString()).isEqualTo("e2e-vanished-tenant");
        });

        // Placement's orphan sweep destroys it once it has been unowned longer than a claim can take.
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(workerVms())
                        .as("the worker's VMs")
                        .noneSatisfy(
                                vm -> assertThat(vm.path("vmId").asString()).isEqualTo(vmId)));
        awaitBooksAgree();
        awaitPoolAgreesWithTheWorker();
    }

    /** Status of a call; a Lambda error's status when it failed. */
    private static int invoke(String name, int seconds) {
        try {
            return lambda.invoke(
                            r -> r.functionName(name).payload(SdkBytes.fromUtf8String("{\"seconds\":" + seconds + "}")))
                    .statusCode();
        } catch (LambdaException e) {
            return e.statusCode();
        }
    }

    /**
     * Libvirt's domains of this run are the worker's VMs ({@code GET /vms}), and the worker's VMs that
     * serve a tenant are as many as placement's books hold (both instances' VM gauges); the others
     * are pool-service's warm VMs, which no tenant holds yet.
     */
    private static void awaitBooksAgree() {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    var workerVms = new HashSet<String>();
                    var tenantVms = new ArrayList<String>();
                    for (var vm : workerVms()) {
                        workerVms.add(vm.path("vmId").asString());
                        if (!untenanted(vm)) {
                            tenantVms.add(vm.path("vmId").asString() + " of "
                                    + vm.path("tenant").asString());
                        }
                    }
                    var domains = domains();
                    assertThat(domains)
                            .as("libvirt's domains vs the worker's VMs %s", workerVms)
                            .hasSameSizeAs(workerVms);
                    assertThat(domains).allMatch(d -> workerVms.stream().anyMatch(d::endsWith));
                    long placementVms = 0;
                    for (var placement : Platform.PLACEMENTS) {
                        var metrics =
                                get(Platform.get().service(placement).baseUrl().resolve("/actuator/prometheus"));
                        var gauge = VMS_GAUGE.matcher(metrics);
                        while (gauge.find()) {
                            placementVms += (long) Double.parseDouble(gauge.group(1));
                        }
                    }
                    assertThat(placementVms)
                            .as("VMs in placement's books, of the worker's tenant VMs %s", tenantVms)
                            .isEqualTo((long) tenantVms.size());
                });
    }

    /** Creates a Python function for {@code client}'s tenant and calls it once: the call's start header. */
    private static String firstCall(LambdaClient client, String prefix, int memoryMib) {
        var name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.createFunction(r -> r.functionName(name)
                .runtime(Runtime.PYTHON3_11)
                .handler("handler.handler")
                .memorySize(memoryMib)
                .role("arn:aws:iam::000000000000:role/e2e")
                .timeout(30)
                .code(c -> c.zipFile(FunctionZips.echoPython())));
        var response = client.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String("{}")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        return response.sdkHttpResponse()
                .firstMatchingHeader(InvocationHeaders.START)
                .orElse(null);
    }

    /**
     * The pool's books ({@code GET /admin/pool}) and the worker agree: the VMs the pool counts on this
     * run's worker are the worker's VMs that no tenant holds, and at least one of them is warm.
     */
    private static void awaitPoolAgreesWithTheWorker() {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    var pool = JSON.readTree(get(Platform.get().poolUrl().resolve("/admin/pool")));
                    long pooled = 0;
                    for (var worker : pool.path("workers")) {
                        if (worker.path("workerId").asString().equals(Platform.WORKER_ID)) {
                            pooled = worker.path("pooledVms").asLong();
                        }
                    }
                    long untenanted = workerVms().stream()
                            .filter(KillEndToEndTests::untenanted)
                            .count();
                    long warm = 0;
                    for (var subPool : pool.path("subPools")) {
                        warm += subPool.path("warm").asLong();
                    }
                    assertThat(pooled)
                            .as("pooled VMs in the pool's books vs the worker's")
                            .isEqualTo(untenanted);
                    assertThat(warm).as("warm VMs").isPositive();
                });
    }

    /** Both placement instances' {@code arclight.placement.pool.claims} counters, by outcome. */
    private static List<String> claimCounts() throws IOException, InterruptedException {
        var counts = new ArrayList<String>();
        for (var placement : Platform.PLACEMENTS) {
            get(Platform.get().service(placement).baseUrl().resolve("/actuator/prometheus"))
                    .lines()
                    .filter(line -> line.startsWith("arclight_placement_pool_claims"))
                    .map(line -> placement + " " + line)
                    .forEach(counts::add);
        }
        return counts;
    }

    /** The worker's VMs, as its {@code GET /vms} lists them. */
    private static List<JsonNode> workerVms() throws IOException, InterruptedException {
        var vms = new ArrayList<JsonNode>();
        JSON.readTree(get(Platform.get().workerUrl().resolve("/vms"))).forEach(vms::add);
        return vms;
    }

    /** A VM no tenant holds: one of pool-service's warm VMs. */
    private static boolean untenanted(JsonNode vm) {
        return vm.path("tenant").isNull() || vm.path("tenant").isMissingNode();
    }

    private static Set<String> domains() throws IOException, InterruptedException {
        var virsh = new ProcessBuilder("virsh", "-c", "qemu:///system", "list", "--all", "--name")
                .redirectErrorStream(true)
                .start();
        var out = new String(virsh.getInputStream().readAllBytes());
        virsh.waitFor(30, TimeUnit.SECONDS);
        var names = new HashSet<String>();
        for (var line : out.lines().map(String::strip).toList()) {
            if (line.startsWith("arclight-" + Platform.WORKER_ID + "-")) {
                names.add(line);
            }
        }
        return names;
    }

    /** The libvirt domain of the VM that holds a container of {@code function}. */
    private static String domainRunning(String function) throws Exception {
        for (var vm : JSON.readTree(get(Platform.get().workerUrl().resolve("/vms")))) {
            for (var container : vm.path("containers")) {
                if (container.path("functionArn").asString().contains(":function:" + function + ":")) {
                    var id = vm.path("vmId").asString();
                    return domains().stream()
                            .filter(d -> d.endsWith(id))
                            .findFirst()
                            .orElseThrow();
                }
            }
        }
        throw new AssertionError("no VM holds a container of " + function);
    }

    private static String create(String prefix, String source) {
        var name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        lambda.createFunction(r -> r.functionName(name)
                .runtime(Runtime.PYTHON3_11)
                .handler("handler.handler")
                .role("arn:aws:iam::000000000000:role/e2e")
                .timeout(30)
                .code(c -> c.zipFile(FunctionZips.python(source))));
        return name;
    }

    private static String post(URI uri, String json) throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("POST %s: %s", uri, response.body())
                    .isEqualTo(201);
            return response.body();
        }
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
            return response.body();
        }
    }
}
