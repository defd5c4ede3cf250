package dev.arclight.worker.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.worker.AssignVmRequest;
import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.contracts.worker.WorkerError;
import dev.arclight.testkit.WithRealInfrastructure;
import dev.arclight.worker.vm.BootReadiness;
import dev.arclight.worker.vm.LibvirtConnection;
import dev.arclight.worker.vm.ReconcilePolicy;
import dev.arclight.worker.vm.VirtualMachines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Pooled VMs through the worker API, on real VMs under qemu:///system and TCG: handing a pooled VM
 * to a tenant, pre-started runtimes (Python and Node.js, a first and a second container), and VMs
 * restored from a template's saved state (they answer, run code, and have identities of their own),
 * with the boot fallback when the template is unusable. One test builds on the one before (boots
 * cost tens of seconds here). Needs a running libvirt daemon and the guest image.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "arclight.worker.libvirt-uri=qemu:///system",
            "arclight.worker.accel=tcg",
            "arclight.worker.boot-timeout=4m",
            "arclight.worker.container-pids-max=128"
        })
@AutoConfigureRestTestClient
@WithRealInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PooledVmIntegrationTests {

    private static final String WORKER_ID =
            "pool-it-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String POOLED = "pooled";
    private static final Duration SLOW = Duration.ofMinutes(4);

    /** Tells what the container sees: its env, its uid, its identity, modules already loaded. */
    static final String PY_PROBE = """
            import os, sys
            def handler(event, context):
                return {"greeting": os.environ.get("GREETING"), "other": os.environ.get("OTHER"),
                        "uid": os.getuid(), "cwd": os.getcwd(), "files": sorted(os.listdir("/var/task")),
                        "bootId": open("/proc/sys/kernel/random/boot_id").read().strip(),
                        "random": os.urandom(16).hex(), "loadedProbe": "probe2" in sys.modules,
                        "memoryMax": open("/sys/fs/cgroup" + open("/proc/self/cgroup").read().split(":")[-1].strip()
                                          + "/memory.max").read().strip()}
            """;

    static final String NODE_PROBE = """
            exports.handler = async () => ({ greeting: process.env.GREETING, uid: process.getuid(),
              cwd: process.cwd(), node: process.version });
            """;

    private static WorkerApiCalls.Directories dirs;

    @Autowired
    RestTestClient http;

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
    @Order(1)
    void aPooledVmBootedWithRuntimesReportsThemOnceTheyArePreStarted() {
        var vm = boot(new BootVmRequest(POOLED, null, 512L, 1024L, 1, List.of("python3.11", "nodejs18.x"), "boot"));

        assertThat(vm.tenant()).isNull();
        assertThat(vm.startedBy()).isEqualTo("boot");
        await(SLOW, () -> get(POOLED).runtimes().containsAll(List.of("python3.11", "nodejs18.x")));
    }

    @Test
    @Order(2)
    void aPooledVmIsHandedToOneTenantForGoodAndKeepsItWhenTheWorkerRestarts() {
        var assigned = assign(POOLED, "acme")
                .expectStatus()
                .isOk()
                .expectBody(VmView.class)
                .returnResult()
                .getResponseBody();
        assertThat(assigned.tenant()).isEqualTo("acme");

        assign(POOLED, "acme").expectStatus().isOk();
        var refused = assign(POOLED, "rival")
                .expectStatus()
                .isEqualTo(409)
                .expectBody(WorkerError.class)
                .returnResult()
                .getResponseBody();
        assertThat(refused.type()).isEqualTo("VmAlreadyAssigned");
        assign("no-such-vm", "acme").expectStatus().isNotFound();
        assign(POOLED, " ").expectStatus().isBadRequest();
        assertThat(get(POOLED).tenant()).isEqualTo("acme");

        // What a restarted worker would find: the tenant is in the domain's metadata.
        try (var libvirt = new LibvirtConnection("qemu:///system");
                var restarted = new VirtualMachines(
                        libvirt,
                        WORKER_ID,
                        dirs.root().resolve("vms"),
                        BootReadiness.immediately(),
                        Duration.ofSeconds(5),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())) {
            restarted.reconcile(ReconcilePolicy.ADOPT);
            assertThat(restarted.find(POOLED).orElseThrow().tenant()).contains("acme");
        }
    }

    @Test
    @Order(3)
    void pythonContainersTakePreStartedRuntimesAndSeeOnlyTheirOwnEnvironment() throws Exception {
        var first = start(
                POOLED,
                "py-1",
                "python3.11",
                "probe.handler",
                FunctionZips.module("probe.py", PY_PROBE),
                Map.of("GREETING", "first", "OTHER", "only-in-first"));
        assertThat(first).isEqualTo("pre-started");
        var one = invoke("py-1");
        assertThat(one.path("greeting").asString()).isEqualTo("first");
        assertThat(one.path("uid").asInt()).isGreaterThanOrEqualTo(20000);
        assertThat(one.path("cwd").asString()).isEqualTo("/var/task");
        assertThat(one.path("files").toString()).contains("probe.py");
        assertThat(one.path("memoryMax").asString()).isEqualTo(String.valueOf(128L * 1024 * 1024));

        // The VM keeps a spare of a runtime it has run: the next container takes a new one.
        await(SLOW, () -> get(POOLED).runtimes().contains("python3.11"));
        var second = start(
                POOLED,
                "py-2",
                "python3.11",
                "probe2.handler",
                FunctionZips.module("probe2.py", PY_PROBE),
                Map.of("GREETING", "second"));
        assertThat(second).isEqualTo("pre-started");
        var two = invoke("py-2");
        assertThat(two.path("greeting").asString()).isEqualTo("second");
        assertThat(two.path("other").isNull())
                .as("no variable of the first container")
                .isTrue();
        assertThat(two.path("uid").asInt()).isNotEqualTo(one.path("uid").asInt());
        assertThat(one.path("loadedProbe").asBoolean()).isFalse();
        assertThat(invoke("py-1").path("loadedProbe").asBoolean())
                .as("the first container never loads the second's module")
                .isFalse();
    }

    @Test
    @Order(4)
    void aNodeContainerTakesAPreStartedRuntimeAndRunsWithItsOwnEnvironment() {
        var how = start(
                POOLED,
                "node-1",
                "nodejs18.x",
                "index.handler",
                FunctionZips.module("index.js", NODE_PROBE),
                Map.of("GREETING", "from-node"));
        assertThat(how).isEqualTo("pre-started");
        var result = invoke("node-1");
        assertThat(result.path("greeting").asString()).isEqualTo("from-node");
        assertThat(result.path("uid").asInt()).isGreaterThanOrEqualTo(20000);
        assertThat(result.path("cwd").asString()).isEqualTo("/var/task");
    }

    @Test
    @Order(5)
    void aContainerThatSetsInterpreterStartVariablesStartsCold() {
        var how = start(
                POOLED,
                "py-cold",
                "python3.11",
                "probe.handler",
                FunctionZips.module("probe.py", PY_PROBE),
                Map.of("GREETING", "cold", "PYTHONDONTWRITEBYTECODE", "1"));
        assertThat(how).isEqualTo("cold");
        assertThat(invoke("py-cold").path("greeting").asString()).isEqualTo("cold");
    }

    @Test
    @Order(6)
    void vmsRestoredFromTheTemplateRunCodeWithIdentitiesOfTheirOwn() throws Exception {
        // No template yet: this one boots, and the template is built beside it.
        var first = boot(new BootVmRequest("first", "acme", 512L, 512L, 1, List.of(), null));
        assertThat(first.startedBy()).isEqualTo("boot");
        await(SLOW, () -> template().isPresent());

        var a = boot(new BootVmRequest("clone-a", null, 512L, 512L, 1, List.of("python3.11"), "restore"));
        var b = boot(new BootVmRequest("clone-b", null, 512L, 512L, 1, List.of(), null));
        assertThat(a.startedBy()).isEqualTo("restore");
        assertThat(b.startedBy()).isEqualTo("restore");

        var zip = FunctionZips.module("probe.py", PY_PROBE);
        start("first", "id-first", "python3.11", "probe.handler", zip, Map.of());
        assertThat(start("clone-a", "id-a", "python3.11", "probe.handler", zip, Map.of("GREETING", "restored")))
                .isEqualTo("pre-started");
        start("clone-b", "id-b", "python3.11", "probe.handler", zip, Map.of());
        var booted = invoke("id-first");
        var cloneA = invoke("id-a");
        var cloneB = invoke("id-b");

        assertThat(cloneA.path("greeting").asString()).isEqualTo("restored");
        assertThat(List.of(booted, cloneA, cloneB))
                .extracting(r -> r.path("bootId").asString())
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).hasSize(36));
        assertThat(List.of(booted, cloneA, cloneB))
                .extracting(r -> r.path("random").asString())
                .doesNotHaveDuplicates();
    }

    @Test
    @Order(7)
    void aRestoreFromAnUnusableTemplateFallsBackToBooting() throws Exception {
        var template = template().orElseThrow();
        try (var channel = Files.newByteChannel(template, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap("NotASaveImage!!!".getBytes()));
        }

        var vm = boot(new BootVmRequest("fallback", null, 512L, 512L, 1, List.of(), "restore"));

        assertThat(vm.startedBy()).isEqualTo("boot");
        assertThat(vm.state()).isEqualTo("running");
        assertThat(template).doesNotExist();
    }

    private java.util.Optional<Path> template() {
        return WorkerApiCalls.templateFile(snapshots());
    }

    private VmView boot(BootVmRequest request) {
        return calls.boot(request);
    }

    private RestTestClient.ResponseSpec assign(String vm, String tenant) {
        return http.put()
                .uri("/vms/" + vm + "/tenant")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new AssignVmRequest(tenant))
                .exchange();
    }

    private VmView get(String vm) {
        return calls.get(vm);
    }

    private String start(String vm, String id, String runtime, String handler, String zip, Map<String, String> env) {
        return calls.start(vm, id, runtime, handler, zip, env);
    }

    private JsonNode invoke(String container) {
        return calls.invoke(container);
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        WorkerApiCalls.await(timeout, condition);
    }
}
