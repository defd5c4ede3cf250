package dev.arclight.worker.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.ContainerView;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.contracts.worker.ResizeVmMemoryRequest;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.contracts.worker.WorkerCapacity;
import dev.arclight.contracts.worker.WorkerError;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import dev.arclight.testkit.WithRealInfrastructure;
import dev.arclight.worker.container.Containers;
import dev.arclight.worker.guest.InvokeOutcome;
import dev.arclight.worker.vm.DomainNames;
import dev.arclight.worker.vm.LibvirtConnection;
import dev.arclight.worker.vm.QemuProcess;
import dev.arclight.worker.vm.TestGuestImage;
import dev.arclight.worker.vm.VmFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker API end to end: a real VM on qemu:///system under TCG, booted once through {@code POST
 * /vms} and shared by every test (a boot and a runtime start cost seconds here), real Kafka for the
 * utilization events. Most tests use one warm Python container whose handler does what the event
 * asks; the ones that kill a runtime (timeout, memory, fork bomb) use containers of their own, with
 * the limits they need, and check that the next call works. Timeouts are generous because the
 * machines that run this are 2 shared cores emulating the guest's CPU. Needs a running libvirt
 * daemon ({@code scripts/libvirtd.sh}) and the guest image.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.worker.libvirt-uri=qemu:///system",
            "arclight.worker.accel=tcg",
            "arclight.worker.boot-timeout=3m",
            "arclight.worker.utilization-interval=1s",
            "arclight.worker.capacity-report-interval=1s",
            "arclight.worker.container-pids-max=64"
        })
@AutoConfigureRestTestClient
@WithRealInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerApiIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(WorkerApiIntegrationTests.class);
    private static final String WORKER_ID =
            "api-it-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String VM = "api";
    private static final String PY = "py";
    private static final String SHELL = "shell";
    /** Python with Lambda's shortest sensible timeout, 2 s, to be killed at. */
    private static final String SLEEPY = "sleepy";
    /** Python with room to misbehave (10 s): allocations and forks are slow under TCG. */
    private static final String LIMITS = "limits";

    private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:probe:1";
    private static final int PIDS_MAX = 64;

    private static Path root;

    @Autowired
    RestTestClient http;

    @Autowired
    Containers containers;

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.shared();
    private final KafkaTestClient kafka = new KafkaTestClient(RealInfrastructure.kafka());

    /**
     * Under qemu:///system QEMU runs as its own user, which cannot enter /root: the image and the VM
     * directories live in a temporary directory anyone may traverse.
     */
    @DynamicPropertySource
    static void vmDirectories(DynamicPropertyRegistry registry) throws Exception {
        root = Files.createTempDirectory("arclight-api-it");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestGuestImage.prepare(root.resolve("image"));
        registry.add("arclight.worker.id", () -> WORKER_ID);
        registry.add("arclight.worker.image-dir", () -> root.resolve("image").toString());
        registry.add("arclight.worker.vm-dir", () -> root.resolve("vms").toString());
        registry.add(
                "arclight.worker.snapshot-dir", () -> root.resolve("snapshots").toString());
    }

    @BeforeAll
    void bootOneVmAndAPythonContainer() {
        long t0 = System.nanoTime();
        var vm = http.post()
                .uri("/vms")
                .contentType(MediaType.APPLICATION_JSON)
                // Booted, not restored: these tests are about a booted guest (PooledVmIntegrationTests
                // covers restores), and no template is built beside them.
                .body(new BootVmRequest(VM, "acme", 512L, 512L, 1, List.of(), "boot"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(VmView.class)
                .returnResult()
                .getResponseBody();
        log.info("POST /vms answered after {} ms: {}", (System.nanoTime() - t0) / 1_000_000, vm);
        start(PY, "python3.11", "app.handler", FunctionZips.module("app.py", GuestFunctions.PYTHON), 128, 5);
    }

    @AfterAll
    void cleanUp() {
        // Normally the last test has destroyed the VM; after a failure it must not outlive the tests.
        http.delete().uri("/vms/" + VM).exchange();
        new VmFiles(root).delete();
    }

    @Test
    @Order(1)
    void listsTheBootedVmWithItsMemoryAndCountsItInTheCapacity() {
        var vms = http.get()
                .uri("/vms")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(VmView[].class)
                .returnResult()
                .getResponseBody();
        assertThat(vms).hasSize(1);
        var vm = vms[0];
        assertThat(vm.vmId()).isEqualTo(VM);
        assertThat(vm.workerId()).isEqualTo(WORKER_ID);
        assertThat(vm.tenant()).isEqualTo("acme");
        assertThat(vm.memoryMib()).isEqualTo(512);
        assertThat(vm.accel()).isEqualTo("tcg");
        assertThat(vm.state()).isEqualTo("running");
        assertThat(vm.containers()).extracting(ContainerView::containerId).contains(PY);

        var capacity = http.get()
                .uri("/capacity")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(WorkerCapacity.class)
                .returnResult()
                .getResponseBody();
        assertThat(capacity.vms()).isEqualTo(1);
        assertThat(capacity.committedMemoryMib()).isEqualTo(512);
        assertThat(capacity.committedVcpus()).isEqualTo(1);

        // The same figures as an operator graphs them, and what the VM's QEMU really holds.
        var prometheus = http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(memoryGauge(prometheus, "committed")).isEqualTo(512);
        assertThat(memoryGauge(prometheus, "configured")).isEqualTo(512);
        assertThat(memoryGauge(prometheus, "resident"))
                .as("QEMU's resident memory of a booted guest")
                .isGreaterThan(64);
    }

    private static long memoryGauge(String prometheus, String kind) {
        var line = Pattern.compile(
                        "(?m)^arclight_worker_memory_mebibytes\\{[^}]*kind=\"" + kind + "\"[^}]*} ([0-9.E+]+)$")
                .matcher(prometheus);
        assertThat(line.find())
                .as("arclight_worker_memory_mebibytes{kind=%s} in %s", kind, prometheus)
                .isTrue();
        return (long) Double.parseDouble(line.group(1));
    }

    @Test
    @Order(2)
    void runsPythonInsideTheGuestKernelNotTheHosts() throws Exception {
        var result = invoke(PY, "{\"op\":\"version\"}");

        assertSuccess(result);
        var body = json.readTree(result.payload());
        var hostVersion = Files.readString(Path.of("/proc/version")).strip();
        assertThat(body.path("procVersion").asString())
                .startsWith("Linux version")
                .isNotEqualTo(hostVersion);
        assertThat(body.path("requestId").asString()).isEqualTo(result.requestId());
        assertThat(body.path("uid").asInt()).as("not root in the guest").isPositive();
        assertThat(result.logTail()).contains("START RequestId: " + result.requestId());
    }

    @Test
    @Order(3)
    void runsANodeHandlerAndStopsItsContainer() {
        var node = start(
                "node", "nodejs18.x", "index.handler", FunctionZips.module("index.js", GuestFunctions.NODE), 128, 3);
        assertThat(node.state()).isEqualTo("idle");

        var result = invoke("node", "{\"a\":2,\"b\":40}");

        assertSuccess(result);
        var body = json.readTree(result.payload());
        assertThat(body.path("node").asString()).startsWith("v18.");
        assertThat(body.path("sum").asInt()).isEqualTo(42);
        assertThat(body.path("procVersion").asString()).startsWith("Linux version");

        http.delete().uri("/containers/node").exchange().expectStatus().isNoContent();
        assertError(
                http.post()
                        .uri("/containers/node/invocations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new InvokeContainerRequest(null, "{}", null))
                        .exchange()
                        .expectStatus()
                        .isNotFound(),
                "NoSuchContainer");
    }

    @Test
    @Order(4)
    void runsAProvidedRuntimeWhoseBootstrapIsAShellScript() {
        start(SHELL, "provided.al2023", "ignored", FunctionZips.bootstrap(GuestFunctions.SHELL_BOOTSTRAP), 128, 5);

        var result = invoke(SHELL, "{\"n\":7}");

        assertSuccess(result);
        var body = json.readTree(result.payload());
        assertThat(body.path("event").path("n").asInt()).isEqualTo(7);
        assertThat(body.path("kernel").asString()).isNotBlank().isNotEqualTo(hostKernelRelease());
    }

    @Test
    @Order(5)
    void reportsAFunctionThatRaisesAsAnErrorInLambdasShape() {
        var result = invoke(PY, "{\"op\":\"raise\",\"why\":\"testing\"}");

        assertThat(result.status()).isEqualTo(InvokeContainerResult.ERROR);
        assertThat(result.errorType()).isEqualTo("ValueError");
        var error = json.readTree(result.payload());
        assertThat(error.path("errorType").asString()).isEqualTo("ValueError");
        assertThat(error.path("errorMessage").asString()).isEqualTo("boom: testing");
        assertThat(error.path("stackTrace").isArray()).isTrue();
        assertThat(result.logTail()).contains("about to fail");
    }

    @Test
    @Order(6)
    void refusesASecondInvocationWhileTheContainerIsBusy() throws Exception {
        var first = CompletableFuture.supplyAsync(() -> invoke(PY, "{\"op\":\"sleep\",\"seconds\":1.2}"));
        await(Duration.ofSeconds(10), () -> "busy".equals(container(PY).state()));

        assertError(
                http.post()
                        .uri("/containers/" + PY + "/invocations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new InvokeContainerRequest(null, "{}", null))
                        .exchange()
                        .expectStatus()
                        .isEqualTo(409),
                "ContainerBusy");
        assertThat(first.get().payload()).isEqualTo("\"woke up\"");
        assertThat(container(PY).state()).isEqualTo("idle");
    }

    @Test
    @Order(7)
    void killsAHandlerAtItsTimeoutAndServesTheNextCallFromAFreshRuntime() {
        long t0 = System.nanoTime();
        start(SLEEPY, "python3.11", "app.handler", FunctionZips.module("app.py", GuestFunctions.PYTHON), 128, 2);
        var result = invoke(SLEEPY, "{\"op\":\"sleep\",\"seconds\":30}");
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(result.status()).isEqualTo(InvokeContainerResult.ERROR);
        assertThat(result.errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(json.readTree(result.payload()).path("errorMessage").asString())
                .contains("Task timed out after 2.00 seconds");
        assertThat(elapsedMs).isLessThan(10_000);

        var next = invoke(SLEEPY, "{\"op\":\"echo\",\"after\":\"timeout\"}");
        assertSuccess(next);
        assertThat(json.readTree(next.payload()).path("after").asString()).isEqualTo("timeout");
        assertThat(next.initDurationMs()).as("a cold start").isNotNull().isPositive();
        stop(SLEEPY);
    }

    @Test
    @Order(8)
    void killsAHandlerThatAllocatesPastItsMemoryAndTheVmSurvives() {
        start(LIMITS, "python3.11", "app.handler", FunctionZips.module("app.py", GuestFunctions.PYTHON), 128, 10);
        var result = invoke(LIMITS, "{\"op\":\"allocate\",\"mib\":400}");

        assertThat(result.status()).isEqualTo(InvokeContainerResult.ERROR);
        assertThat(result.errorType()).isEqualTo("Runtime.ExitError");
        assertThat(json.readTree(result.payload()).path("errorMessage").asString())
                .contains("out of memory");

        var next = invoke(LIMITS, "{\"op\":\"allocate\",\"mib\":16}");
        assertSuccess(next);
        assertThat(next.payload()).isEqualTo("16");
    }

    @Test
    @Order(9)
    void containsForksAtPidsMaxAndSurvivesAForkBomb() {
        var forks = invoke(LIMITS, "{\"op\":\"fork\"}");
        assertSuccess(forks);
        var body = json.readTree(forks.payload());
        assertThat(body.path("forked").asInt()).isPositive().isLessThan(PIDS_MAX);
        assertThat(body.path("error").asString()).isEqualTo("Resource temporarily unavailable");

        var bomb = invoke(SHELL, "{\"forkbomb\":true}");
        // Ended at its timeout, or by memory.max if the bomb's shells outgrow it first.
        assertThat(bomb.status()).isEqualTo(InvokeContainerResult.ERROR);
        assertThat(bomb.errorType()).isIn("Sandbox.Timedout", "Runtime.ExitError");

        var next = invoke(SHELL, "{\"after\":\"bomb\"}");
        assertSuccess(next);
        assertThat(json.readTree(next.payload()).path("event").path("after").asString())
                .isEqualTo("bomb");
        stop(SHELL);
        stop(LIMITS);
    }

    @Test
    @Order(10)
    void functionCodeCannotReachTheHostOrAnyAddress() {
        var result = invoke(
                PY,
                "{\"op\":\"connect\",\"targets\":[[\"10.0.2.2\",5432],[\"10.0.2.2\",8084],[\"1.1.1.1\",80],"
                        + "[\"192.168.1.1\",5432]]}");

        assertSuccess(result);
        var body = json.readTree(result.payload());
        assertThat(body.path("interfaces").toString()).isEqualTo("[\"lo\"]");
        var attempts = new ArrayList<String>();
        body.properties().forEach(e -> {
            if (!e.getKey().equals("interfaces")) {
                attempts.add(e.getValue().asString());
            }
        });
        assertThat(attempts).hasSize(4).allSatisfy(a -> assertThat(a).startsWith("failed"));
    }

    @Test
    @Order(11)
    void refusesBadRequestsWithLambdaStyleErrors() {
        var request = new StartContainerRequest(
                "java", ARN, "1", "java8", "a.Handler", FunctionZips.module("a.txt", "x"), 128, 3, Map.of());
        assertError(
                http.post()
                        .uri("/vms/" + VM + "/containers")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(request)
                        .exchange()
                        .expectStatus()
                        .isBadRequest(),
                "InvalidRuntimeException");
        assertError(
                http.post()
                        .uri("/containers/" + PY + "/invocations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new InvokeContainerRequest(null, "{not json", null))
                        .exchange()
                        .expectStatus()
                        .isBadRequest(),
                "InvalidRequestContentException");
        assertError(
                http.post()
                        .uri("/containers/" + PY + "/invocations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{\"payload\":\"" + "x".repeat(13 * 1024 * 1024) + "\"}")
                        .exchange()
                        .expectStatus()
                        .isEqualTo(413),
                "RequestTooLargeException");
        assertError(
                http.post()
                        .uri("/vms")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new BootVmRequest("tiny", null, 32L, null, null))
                        .exchange()
                        .expectStatus()
                        .isBadRequest(),
                "InvalidParameterValueException");
        assertError(http.get().uri("/vms/nope").exchange().expectStatus().isNotFound(), "NoSuchVm");
        assertError(
                http.delete().uri("/containers/nope").exchange().expectStatus().isNotFound(), "NoSuchContainer");
        assertError(
                http.put()
                        .uri("/vms/" + VM + "/memory")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new ResizeVmMemoryRequest(4096L))
                        .exchange()
                        .expectStatus()
                        .isBadRequest(),
                "InvalidParameterValueException");
    }

    @Test
    @Order(12)
    void publishesTheVmsUtilizationWithItsContainersOnKafka() {
        var record = kafka.awaitRecord(
                Topics.VM_UTILIZATION,
                r -> VM.equals(r.key()) && warm(json.readTree(r.value()), PY) != null,
                Duration.ofSeconds(60));

        assertThat(record).isPresent();
        var sample = json.readTree(record.get().value());
        assertThat(sample.path("workerId").asString()).isEqualTo(WORKER_ID);
        assertThat(sample.path("tenant").asString()).isEqualTo("acme");
        assertThat(sample.path("allocatedMemoryMib").asLong()).isEqualTo(512);
        assertThat(sample.path("balloonMemoryMib").asLong()).isPositive().isLessThanOrEqualTo(512);
        var py = warm(sample, PY);
        assertThat(py.path("functionArn").asString()).isEqualTo(ARN);
        assertThat(py.path("memoryLimitMib").asLong()).isEqualTo(128);
        assertThat(py.path("memoryUsedMib").asLong()).as("its runtime's memory").isPositive();
    }

    @Test
    @Order(13)
    void shrinksAndGrowsTheVmsMemoryThroughTheBalloonGivingMemoryBackToTheHost() throws Exception {
        var qemu = QemuProcess.of(new DomainNames(WORKER_ID).domainName(VM)).orElseThrow();
        // Memory the guest holds but can give up: the page cache of everything under /usr.
        start("fill", "python3.11", "app.handler", FunctionZips.module("app.py", GuestFunctions.PYTHON), 400, 300);
        var filled = invoke("fill", "{\"op\":\"fill\"}");
        assertSuccess(filled);
        stop("fill");
        long rssBefore = qemu.rssKib().orElseThrow();
        long availableBefore = memAvailableKib();

        // QEMU's RSS every 500 ms from the resize on, to see how fast the memory comes back.
        var rssSamples = new CopyOnWriteArrayList<Long>();
        var sampler = Thread.ofVirtual().start(() -> sampleRssMib(qemu, Duration.ofSeconds(20), rssSamples));
        long t0 = System.nanoTime();
        var shrunk = resize(192);
        long resizeMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(shrunk.memoryMib()).isEqualTo(192);
        await(Duration.ofSeconds(60), () -> memAvailableKib() < 192 * 1024);
        long atTargetMs = (System.nanoTime() - t0) / 1_000_000;
        // The balloon's pages leave QEMU's RSS as the guest hands them over; free pages the guest
        // had already reported (free page reporting) were not resident, the page cache was.
        await(
                Duration.ofSeconds(60),
                () -> qemu.rssKib().orElseThrow() < rssBefore - 100 * 1024,
                () -> "QEMU RSS from " + rssBefore / 1024 + " MiB, every 500 ms since the resize: " + rssSamples);
        long returnedMs = (System.nanoTime() - t0) / 1_000_000;
        sampler.join();
        long rssShrunk = qemu.rssKib().orElseThrow();
        long availableShrunk = memAvailableKib();

        var grown = resize(512);
        assertThat(grown.memoryMib()).isEqualTo(512);
        await(Duration.ofSeconds(60), () -> memAvailableKib() > 300 * 1024);
        long rssGrown = qemu.rssKib().orElseThrow();
        log.info(
                "PUT /vms/{}/memory 512 -> 192 MiB answered in {} ms, guest MemAvailable below 192 MiB after {} ms,"
                        + " QEMU RSS 100 MiB lower after {} ms; QEMU RSS {} -> {} MiB (every 500 ms from the resize: {}); guest MemAvailable {} -> {}"
                        + " MiB; grown back to 512: QEMU RSS {} MiB",
                VM,
                resizeMs,
                atTargetMs,
                returnedMs,
                rssBefore / 1024,
                rssShrunk / 1024,
                rssSamples,
                availableBefore / 1024,
                availableShrunk / 1024,
                rssGrown / 1024);
        assertThat(http.get()
                        .uri("/vms/" + VM)
                        .exchange()
                        .expectBody(VmView.class)
                        .returnResult()
                        .getResponseBody()
                        .memoryMib())
                .isEqualTo(512);
    }

    @Test
    @Order(20)
    void aProvidedBootstrapThatExitsIsAFunctionErrorAtOnceAndTheNextCallWorks() {
        start("exits", "provided.al2023", "ignored", FunctionZips.bootstrap(GuestFunctions.EXITING_BOOTSTRAP), 128, 30);

        long t0 = System.nanoTime();
        var crashed = invoke("exits", "{\"exit\":true}");
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(crashed.status()).isEqualTo(InvokeContainerResult.ERROR);
        assertThat(crashed.errorType()).isEqualTo("Runtime.ExitError");
        assertThat(json.readTree(crashed.payload()).path("errorMessage").asString())
                .isEqualTo("RequestId: " + crashed.requestId() + " Error: Runtime exited with error: exit status 1");
        assertThat(crashed.logTail()).contains("bootstrap: exiting on purpose");
        assertThat(elapsedMs).as("well under the 30 s timeout").isLessThan(10_000);
        var next = invoke("exits", "{\"n\":1}");
        assertSuccess(next);
        assertThat(json.readTree(next.payload()).path("n").asInt()).isEqualTo(1);
        assertThat(next.initDurationMs()).as("a fresh runtime").isNotNull();
        stop("exits");

        t0 = System.nanoTime();
        var failure = startFails(
                "exits-at-init", "provided", FunctionZips.bootstrap(GuestFunctions.BOOTSTRAP_EXITING_AT_INIT));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        assertThat(failure.type()).isEqualTo("Runtime.ExitError");
        assertThat(failure.initFailure().errorMessage()).isEqualTo("Runtime exited with error: exit status 1");
        assertThat(failure.initFailure().errorJson()).isNull();
        assertThat(failure.initFailure().logTail()).contains("bootstrap: cannot start");
    }

    @Test
    @Order(21)
    void aPythonModuleThatFailsToImportIsAnImportModuleErrorWithTheTracebackInTheLog() {
        var failure =
                startFails("noimport", "python3.11", FunctionZips.module("app.py", GuestFunctions.PYTHON_IMPORT_ERROR));

        assertThat(failure.type()).isEqualTo("Runtime.ImportModuleError");
        var error = json.readTree(failure.initFailure().errorJson());
        assertThat(error.path("errorType").asString()).isEqualTo("Runtime.ImportModuleError");
        assertThat(error.path("errorMessage").asString())
                .isEqualTo("Unable to import module 'app': No module named 'nope'");
        assertThat(failure.initFailure().logTail())
                .contains("[ERROR] Runtime.ImportModuleError")
                .contains("Traceback (most recent call last)")
                .contains("No module named 'nope'");
        assertThat(containers.find("noimport"))
                .as("the failed container is gone")
                .isEmpty();
    }

    @Test
    @Order(22)
    void aNodeModuleThatRequiresAMissingModuleIsAnImportModuleError() {
        var failure = startFails(
                "nodeimport", "nodejs18.x", FunctionZips.module("index.js", GuestFunctions.NODE_MISSING_MODULE));

        assertThat(failure.type()).isEqualTo("Runtime.ImportModuleError");
        var error = json.readTree(failure.initFailure().errorJson());
        assertThat(error.path("errorType").asString()).isEqualTo("Runtime.ImportModuleError");
        assertThat(error.path("errorMessage").asString()).startsWith("Error: Cannot find module 'nope'");
        assertThat(failure.initFailure().logTail()).contains("Cannot find module 'nope'");
    }

    @Test
    @Order(23)
    void aResultThatCannotBeSerialisedIsAMarshalErrorInPythonAndNode() {
        var python = invoke(PY, "{\"op\":\"marshal\"}");
        assertThat(python.status()).isEqualTo(InvokeContainerResult.ERROR);
        assertThat(python.errorType()).isEqualTo("Runtime.MarshalError");
        assertThat(json.readTree(python.payload()).path("errorMessage").asString())
                .startsWith("Unable to marshal response");

        start(
                "nodemarshal",
                "nodejs18.x",
                "index.handler",
                FunctionZips.module("index.js", GuestFunctions.NODE_UNSERIALISABLE),
                128,
                5);
        var bigint = invoke("nodemarshal", "{\"bigint\":true}");
        var circular = invoke("nodemarshal", "{}");
        assertThat(bigint.errorType()).isEqualTo("Runtime.MarshalError");
        assertThat(json.readTree(bigint.payload()).path("errorMessage").asString())
                .contains("BigInt");
        assertThat(circular.errorType()).isEqualTo("Runtime.MarshalError");
        assertThat(json.readTree(circular.payload()).path("errorMessage").asString())
                .contains("circular");
        stop("nodemarshal");
        assertSuccess(invoke(PY, "{\"op\":\"echo\"}"));
    }

    @Test
    @Order(24)
    void theClientContextReachesThePythonHandlerDecoded() {
        var clientContext = java.util.Base64.getEncoder()
                .encodeToString(
                        "{\"client\":{\"installation_id\":\"install-1\"},\"custom\":{\"tier\":\"gold\"},\"env\":{\"locale\":\"en\"}}"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        var result = http.post()
                .uri("/containers/" + PY + "/invocations")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new InvokeContainerRequest(null, "{\"op\":\"clientContext\"}", clientContext))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(InvokeContainerResult.class)
                .returnResult()
                .getResponseBody();

        assertSuccess(result);
        var body = json.readTree(result.payload());
        assertThat(body.path("custom").path("tier").asString()).isEqualTo("gold");
        assertThat(body.path("env").path("locale").asString()).isEqualTo("en");
        assertThat(body.path("installationId").asString()).isEqualTo("install-1");
        assertThat(invoke(PY, "{\"op\":\"clientContext\"}").payload()).isEqualTo("null");
        assertError(
                http.post()
                        .uri("/containers/" + PY + "/invocations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new InvokeContainerRequest(null, "{}", "not base64 json!"))
                        .exchange()
                        .expectStatus()
                        .isBadRequest(),
                "InvalidRequestContentException");
    }

    @Test
    @Order(25)
    void theAgentRefusesAZipWhoseEntriesLeaveTheTaskFolder() {
        var zip = FunctionZips.raw(Map.of("app.py", "def handler(e, c):\n    return 1\n", "../../etc/evil", "x"));

        assertError(
                http.post()
                        .uri("/vms/" + VM + "/containers")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new StartContainerRequest(
                                "evil", ARN, "1", "python3.11", "app.handler", zip, 128, 3, Map.of()))
                        .exchange()
                        .expectStatus()
                        .isBadRequest(),
                "InvalidZipFileException");
        assertThat(containers.find("evil")).isEmpty();
        assertSuccess(invoke(PY, "{\"op\":\"echo\"}"));
    }

    /**
     * Not part of the build: {@code -Darclight.worker.benchmark=N} runs it. N echo invocations of one
     * warm container through the worker API (HTTP/1.1 on a kept-alive connection, as placement
     * calls it) alternating with N straight through the worker's own agent connection, so both see
     * the same guest at the same moment; the difference is the API's cost. Then container starts
     * (a new runtime process each) against invocations of a warm one.
     */
    @Test
    @Order(50)
    @EnabledIfSystemProperty(named = "arclight.worker.benchmark", matches = "\\d+")
    void benchmarkInvokeThroughTheApiAgainstTheAgentDirectlyAndContainerStarts() throws Exception {
        int n = Integer.getInteger("arclight.worker.benchmark");
        int warmup = Math.max(20, n / 10);
        start("echo", "python3.11", "app.handler", FunctionZips.module("app.py", GuestFunctions.PYTHON), 128, 3);
        var client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var payload = "{\"op\":\"echo\",\"hello\":\"world\"}";
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/containers/echo/invocations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        json.writeValueAsString(new InvokeContainerRequest(null, payload, null))))
                .build();
        var agent = containers.agent(VM);
        var api = new Histogram(3);
        var direct = new Histogram(3);
        for (int i = -warmup; i < n; i++) {
            long t0 = System.nanoTime();
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            var outcome = agent.invoke("echo", UUID.randomUUID().toString(), payload, Duration.ofSeconds(3), ARN, null);
            long t2 = System.nanoTime();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"success\"");
            assertThat(outcome).isInstanceOf(InvokeOutcome.Success.class);
            if (i >= 0) {
                api.recordValue((t1 - t0) / 1000);
                direct.recordValue((t2 - t1) / 1000);
            }
        }
        stop("echo");

        var starts = new StringBuilder();
        for (var runtime : List.of("python3.11", "nodejs18.x")) {
            var zip = runtime.startsWith("python")
                    ? FunctionZips.module("app.py", GuestFunctions.PYTHON)
                    : FunctionZips.module("index.js", GuestFunctions.NODE);
            var handler = runtime.startsWith("python") ? "app.handler" : "index.handler";
            var startMs = new ArrayList<Long>();
            var firstInvokeMs = new ArrayList<Long>();
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                start("start" + i, runtime, handler, zip, 128, 3);
                long t1 = System.nanoTime();
                invoke("start" + i, "{\"a\":1,\"b\":2}");
                long t2 = System.nanoTime();
                stop("start" + i);
                startMs.add((t1 - t0) / 1_000_000);
                firstInvokeMs.add((t2 - t1) / 1_000_000);
            }
            starts.append("\n  %s: POST /vms/{id}/containers to warm %s ms, then first invoke %s ms"
                    .formatted(runtime, startMs, firstInvokeMs));
        }
        log.info(
                "worker API benchmark ({} invocations each, TCG, 1 vCPU, echo handler, python3.11):"
                        + "\n  through the worker API: p50 {} us, p90 {} us, p99 {} us, mean {} us"
                        + "\n  GuestAgent.invoke direct: p50 {} us, p90 {} us, p99 {} us, mean {} us"
                        + "\n  ratio API/direct: p50 {}, mean {}"
                        + "\n  container start (cold runtime: a new runtime process) vs warm invoke p50 {} us:{}",
                n,
                api.getValueAtPercentile(50),
                api.getValueAtPercentile(90),
                api.getValueAtPercentile(99),
                Math.round(api.getMean()),
                direct.getValueAtPercentile(50),
                direct.getValueAtPercentile(90),
                direct.getValueAtPercentile(99),
                Math.round(direct.getMean()),
                "%.2f".formatted((double) api.getValueAtPercentile(50) / direct.getValueAtPercentile(50)),
                "%.2f".formatted(api.getMean() / direct.getMean()),
                api.getValueAtPercentile(50),
                starts);
    }

    @Test
    @Order(100)
    void destroyingTheVmLeavesNoDomainNoProcessAndNoFiles() throws Exception {
        var domain = new DomainNames(WORKER_ID).domainName(VM);
        var qemu = QemuProcess.of(domain).orElseThrow();

        http.delete().uri("/vms/" + VM).exchange().expectStatus().isNoContent();

        assertError(http.get().uri("/vms/" + VM).exchange().expectStatus().isNotFound(), "NoSuchVm");
        assertError(
                http.post()
                        .uri("/containers/" + PY + "/invocations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new InvokeContainerRequest(null, "{}", null))
                        .exchange()
                        .expectStatus()
                        .isNotFound(),
                "NoSuchContainer");
        try (var libvirt = new LibvirtConnection("qemu:///system")) {
            var names = libvirt.call("list", connect -> {
                var all = new ArrayList<>(List.of(connect.listDefinedDomains()));
                for (var id : connect.listDomains()) {
                    all.add(connect.domainLookupByID(id).getName());
                }
                return all;
            });
            assertThat(names).doesNotContain(domain);
        }
        assertThat(root.resolve("vms").resolve(domain)).doesNotExist();
        await(Duration.ofSeconds(10), () -> !qemu.alive());
    }

    // --- helpers -------------------------------------------------------------------------------

    ContainerView start(String id, String runtime, String handler, String zip, int memoryMib, int timeoutSeconds) {
        long t0 = System.nanoTime();
        var container = http.post()
                .uri("/vms/" + VM + "/containers")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new StartContainerRequest(
                        id, ARN, "1", runtime, handler, zip, memoryMib, timeoutSeconds, Map.of("GREETING", "hi")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(ContainerView.class)
                .returnResult()
                .getResponseBody();
        log.info("container {} ({}) warm after {} ms", id, runtime, (System.nanoTime() - t0) / 1_000_000);
        return container;
    }

    /** A start the function's own code makes fail: 422 with its init failure. */
    WorkerError startFails(String id, String runtime, String zip) {
        var handler = runtime.startsWith("nodejs") ? "index.handler" : "app.handler";
        var error = http.post()
                .uri("/vms/" + VM + "/containers")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new StartContainerRequest(id, ARN, "1", runtime, handler, zip, 128, 5, Map.of()))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody(WorkerError.class)
                .returnResult()
                .getResponseBody();
        assertThat(error).isNotNull();
        assertThat(error.initFailure())
                .as("a function error, not the platform's: %s", error)
                .isNotNull();
        assertThat(error.initFailure().errorType()).isEqualTo(error.type());
        return error;
    }

    void stop(String id) {
        http.delete().uri("/containers/" + id).exchange().expectStatus().isNoContent();
    }

    InvokeContainerResult invoke(String containerId, String payload) {
        return http.post()
                .uri("/containers/" + containerId + "/invocations")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new InvokeContainerRequest(null, payload, null))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(InvokeContainerResult.class)
                .returnResult()
                .getResponseBody();
    }

    ContainerView container(String id) {
        return http.get()
                .uri("/containers/" + id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ContainerView.class)
                .returnResult()
                .getResponseBody();
    }

    VmView resize(long memoryMib) {
        return http.put()
                .uri("/vms/" + VM + "/memory")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ResizeVmMemoryRequest(memoryMib))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(VmView.class)
                .returnResult()
                .getResponseBody();
    }

    /**
     * The guest's MemAvailable in KiB, from the agent's {@code stats}: an invocation would have the
     * worker grow a shrunk VM first (GrowBeforeUse), undoing the shrink being measured.
     */
    long memAvailableKib() {
        return containers.agent(VM).stats().path("memAvailableBytes").asLong() / 1024;
    }

    static void assertSuccess(InvokeContainerResult result) {
        assertThat(result.status())
                .as("%s %s; log: %s", result.errorType(), result.payload(), result.logTail())
                .isEqualTo(InvokeContainerResult.SUCCESS);
    }

    /** The sample's entry for this container once it is warm (idle or busy), else null. */
    static JsonNode warm(JsonNode sample, String containerId) {
        for (var c : sample.path("containers")) {
            if (containerId.equals(c.path("containerId").asString())
                    && List.of("IDLE", "BUSY").contains(c.path("state").asString())) {
                return c;
            }
        }
        return null;
    }

    static void assertError(RestTestClient.ResponseSpec response, String type) {
        var error = response.expectBody(WorkerError.class).returnResult().getResponseBody();
        assertThat(error).isNotNull();
        assertThat(error.type()).isEqualTo(type);
        assertThat(error.message()).isNotBlank();
    }

    static String hostKernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void sampleRssMib(QemuProcess qemu, Duration span, List<Long> samples) {
        for (long end = System.nanoTime() + span.toNanos(); System.nanoTime() < end; ) {
            samples.add(qemu.rssKib().orElse(-1) / 1024);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(timeout, condition, () -> "");
    }

    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> details)
            throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ". " + details.get());
            }
            Thread.sleep(200);
        }
    }
}
