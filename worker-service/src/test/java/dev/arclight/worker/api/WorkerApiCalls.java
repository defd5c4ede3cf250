package dev.arclight.worker.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.worker.BootVmRequest;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.contracts.worker.VmView;
import dev.arclight.worker.vm.TestGuestImage;
import dev.arclight.worker.vm.VmFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The worker API calls the pooled-VM tests make, with the answers they expect. */
final class WorkerApiCalls {

    static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:pooled:1";

    private final RestTestClient http;

    WorkerApiCalls(RestTestClient http) {
        this.http = http;
    }

    VmView boot(BootVmRequest request) {
        return http.post()
                .uri("/vms")
                .contentType(MediaType.APPLICATION_JSON)
                .body(request)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(VmView.class)
                .returnResult()
                .getResponseBody();
    }

    VmView get(String vm) {
        return http.get()
                .uri("/vms/" + vm)
                .exchange()
                .expectBody(VmView.class)
                .returnResult()
                .getResponseBody();
    }

    void destroy(String vm) {
        http.delete().uri("/vms/" + vm).exchange().expectStatus().isNoContent();
    }

    void destroyAll() {
        var vms = http.get()
                .uri("/vms")
                .exchange()
                .expectBody(VmView[].class)
                .returnResult()
                .getResponseBody();
        for (var vm : vms) {
            http.delete().uri("/vms/" + vm.vmId()).exchange();
        }
    }

    /** Starts a container (128 MiB, 30 s); returns how its runtime started: {@code pre-started} or {@code cold}. */
    String start(String vm, String id, String runtime, String handler, String zip, Map<String, String> env) {
        var result = http.post()
                .uri("/vms/" + vm + "/containers")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new StartContainerRequest(id, ARN, "1", runtime, handler, zip, 128, 30, env))
                .exchange()
                .expectStatus()
                .isCreated()
                .returnResult(String.class);
        return result.getResponseHeaders().getFirst(WorkerViews.RUNTIME_START_HEADER);
    }

    void stop(String container) {
        http.delete().uri("/containers/" + container).exchange().expectStatus().isNoContent();
    }

    /** Invokes with {@code {}}; the function must succeed; returns its answer. */
    JsonNode invoke(String container) {
        return invoke(container, "{}");
    }

    /** Invokes with {@code payload}; the function must succeed; returns its answer. */
    JsonNode invoke(String container, String payload) {
        var result = http.post()
                .uri("/containers/" + container + "/invocations")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new InvokeContainerRequest(UUID.randomUUID().toString(), payload))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(InvokeContainerResult.class)
                .returnResult()
                .getResponseBody();
        assertThat(result.status())
                .as(result.payload() + "\n" + result.logTail())
                .isEqualTo(InvokeContainerResult.SUCCESS);
        return JsonMapper.shared().readTree(result.payload());
    }

    /** A saved template in the worker's snapshot directory. */
    static Optional<Path> templateFile(Path snapshotDir) {
        try (var files = Files.list(snapshotDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".save"))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void await(Duration timeout, BooleanSupplier condition) {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * A test worker's directories: a temporary root anyone may traverse (under qemu:///system QEMU
     * runs as its own user) holding the guest image and the VM directories, and a snapshot
     * directory on tmpfs; registered as the worker's properties.
     */
    record Directories(Path root, Path snapshots) {

        static Directories register(DynamicPropertyRegistry registry, String workerId) throws Exception {
            var root = Files.createTempDirectory("awt");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            TestGuestImage.prepare(root.resolve("image"));
            var dirs = new Directories(root, Path.of("/dev/shm", "arclight-it-" + workerId));
            registry.add("arclight.worker.id", () -> workerId);
            registry.add(
                    "arclight.worker.image-dir", () -> root.resolve("image").toString());
            registry.add("arclight.worker.vm-dir", () -> root.resolve("vms").toString());
            registry.add("arclight.worker.snapshot-dir", () -> dirs.snapshots().toString());
            return dirs;
        }

        void delete() {
            new VmFiles(root).delete();
            new VmFiles(snapshots).delete();
        }
    }
}
