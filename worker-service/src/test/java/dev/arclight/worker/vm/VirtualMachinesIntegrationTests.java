package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real VMs on qemu:///system, booted from the real guest image under TCG (this machine's KVM does
 * not boot stock kernels; see shared/notes/vm-host.md). Needs a running libvirt daemon
 * ({@code scripts/libvirtd.sh}) and root for the image build.
 */
class VirtualMachinesIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(VirtualMachinesIntegrationTests.class);
    private static final String URI = "qemu:///system";
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(3);

    private static final String FILL_PAGE_CACHE = """
            import os
            for top, _, names in os.walk("/usr"):
                for name in names:
                    try:
                        with open(os.path.join(top, name), "rb") as f:
                            while f.read(1 << 20):
                                pass
                    except OSError:
                        pass

            def handler(event, context):
                return "filled"
            """;

    private static Path root;
    private static GuestImage image;

    private final String workerId = "it" + UUID.randomUUID().toString().substring(0, 6);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void image() throws Exception {
        root = Files.createTempDirectory("arclight-vm-it");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        image = TestGuestImage.prepare(root.resolve("image"));
    }

    @AfterAll
    static void removeImage() {
        new VmFiles(root).delete();
    }

    @AfterEach
    void close() throws Exception {
        // A failed test must not leave its VMs running.
        for (var closeable : closeables) {
            if (closeable instanceof VirtualMachines vms) {
                for (var vm : vms.list()) {
                    try {
                        vms.destroy(vm.id());
                    } catch (RuntimeException e) {
                        log.warn("cleanup of {}: {}", vm.domainName(), e.getMessage());
                    }
                }
            }
        }
        for (var closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    private VirtualMachines worker() {
        var connection = new LibvirtConnection(URI);
        var vms = new VirtualMachines(
                connection,
                workerId,
                root.resolve("vms"),
                new AgentReadyEvent(),
                BOOT_TIMEOUT,
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        closeables.add(connection);
        closeables.add(vms);
        return vms;
    }

    private static VmSpec spec(String id, long memoryMib, long maxMemoryMib) {
        return new VmSpec(id, Optional.of("acme"), memoryMib, maxMemoryMib, 1, image, Accel.TCG);
    }

    @Test
    void bootsARealVmShrinksAndGrowsItThroughTheBalloonAndLeavesNothingBehind() throws Exception {
        var vms = worker();

        var vm = vms.boot(spec("balloon", 512, 512));

        var times = ((VmState.Running) vm.state()).bootTimes().orElseThrow();
        log.info(
                "boot: define {} ms, start {} ms, start to ready {} ms",
                times.define().toMillis(),
                times.start().toMillis(),
                times.startToReady().toMillis());
        var qemu = QemuProcess.of(vm.domainName()).orElseThrow();
        long rssBooted = qemu.rssKib().orElseThrow();
        try (var agent = new GuestAgentTestClient(vm.agentSocket())) {
            assertThat(agent.ping().path("runtimes").toString()).contains("python3.11");
            // Memory the guest holds but can give up: the page cache of everything under /usr.
            agent.startPythonContainer("fill", FILL_PAGE_CACHE, 400);
        }
        log.info(
                "QEMU RSS {} MiB after boot, {} MiB after filling the guest's page cache",
                rssBooted / 1024,
                qemu.rssKib().orElseThrow() / 1024);

        // Give the guest's balloon driver time to report its first statistics.
        await(
                Duration.ofSeconds(30),
                () -> vms.memoryStats("balloon").usableKib().isPresent());
        var before = vms.memoryStats("balloon");
        long rssBefore = qemu.rssKib().orElseThrow();

        // RSS every 500 ms from the resize on, in the background, to see how fast memory comes back.
        var rssSamples = new java.util.concurrent.CopyOnWriteArrayList<Long>();
        var sampler = Thread.ofVirtual().start(() -> sampleRss(qemu, Duration.ofSeconds(10), rssSamples));
        long t0 = System.nanoTime();
        vms.setMemory("balloon", 128);
        long setMs = (System.nanoTime() - t0) / 1_000_000;
        await(Duration.ofSeconds(60), () -> vms.memoryStats("balloon").actualKib() == 128 * 1024);
        long reachedMs = (System.nanoTime() - t0) / 1_000_000;
        sampler.join();
        var shrunk = vms.memoryStats("balloon");
        long rssShrunk = qemu.rssKib().orElseThrow();
        log.info(
                "balloon shrink 512 -> 128 MiB: setMemory returned in {} ms, balloon at target after {} ms;"
                        + " QEMU RSS {} -> {} MiB (every 500 ms from the resize: {}); guest MemAvailable {} -> {} MiB",
                setMs,
                reachedMs,
                rssBefore / 1024,
                rssShrunk / 1024,
                rssSamples,
                before.usableKib().orElse(-1) / 1024,
                shrunk.usableKib().orElse(-1) / 1024);

        assertThat(shrunk.actualKib()).isEqualTo(128 * 1024);
        await(
                Duration.ofSeconds(30),
                () -> vms.memoryStats("balloon").usableKib().orElse(Long.MAX_VALUE) <= 128 * 1024);
        assertThat(rssShrunk)
                .as("the balloon returned the guest's page cache to the host")
                .isLessThan(rssBefore - 100 * 1024);

        vms.setMemory("balloon", 512);
        await(Duration.ofSeconds(60), () -> vms.memoryStats("balloon").actualKib() == 512 * 1024);
        await(
                Duration.ofSeconds(30),
                () -> vms.memoryStats("balloon").usableKib().orElse(0) > 256 * 1024);
        log.info("balloon grow 128 -> 512 MiB: QEMU RSS {} MiB", qemu.rssKib().orElse(-1) / 1024);

        long d0 = System.nanoTime();
        vms.destroy("balloon");
        log.info("destroy: {} ms", (System.nanoTime() - d0) / 1_000_000);

        assertNothingLeft(vm, qemu);
    }

    @Test
    void aRestartedWorkerAdoptsTheVmItsPreviousRunLeftAndALaterOneDestroysIt() throws Exception {
        var previous = worker();
        var vm = previous.boot(spec("left", 256, 512));
        var qemu = QemuProcess.of(vm.domainName()).orElseThrow();

        var restarted = worker();
        var adoption = restarted.reconcile(ReconcilePolicy.ADOPT);

        assertThat(adoption.adopted()).containsExactly("left");
        var adopted = restarted.find("left").orElseThrow();
        assertThat(adopted.tenant()).contains("acme");
        assertThat(adopted.maxMemoryMib()).isEqualTo(512);
        assertThat(adopted.accel()).isEqualTo(Accel.TCG);
        try (var agent = new AgentReadyEvent().watch(adopted.files())) {
            assertThat(agent.awaitReady(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(qemu.alive()).isTrue();

        var cleaner = worker();
        var cleanup = cleaner.reconcile(ReconcilePolicy.DESTROY);

        assertThat(cleanup.destroyed()).containsExactly(vm.domainName());
        assertNothingLeft(vm, qemu);
    }

    @Test
    @EnabledIfSystemProperty(named = "arclight.vm.benchmark", matches = "\\d+")
    void benchmarkBootToReady() {
        int boots = Integer.getInteger("arclight.vm.benchmark");
        var vms = worker();
        var rows = new ArrayList<String>();
        var total = new ArrayList<Long>();
        for (int i = 0; i < boots; i++) {
            var vm = vms.boot(spec("bench" + i, 256, 512));
            var t = ((VmState.Running) vm.state()).bootTimes().orElseThrow();
            long d0 = System.nanoTime();
            vms.destroy(vm.id());
            long destroyMs = (System.nanoTime() - d0) / 1_000_000;
            rows.add("define %d ms, start %d ms, start-to-ready %d ms, destroy %d ms"
                    .formatted(
                            t.define().toMillis(),
                            t.start().toMillis(),
                            t.startToReady().toMillis(),
                            destroyMs));
            total.add(t.total().toMillis());
        }
        var sorted = total.stream().sorted().toList();
        log.info(
                "boot benchmark ({} boots, TCG, 256 MiB):\n  {}\n  define-to-ready median {} ms",
                boots,
                String.join("\n  ", rows),
                sorted.get(sorted.size() / 2));
        assertThat(vms.list()).isEmpty();
    }

    private static void assertNothingLeft(VirtualMachine vm, QemuProcess qemu) throws Exception {
        try (var libvirt = new LibvirtConnection(URI)) {
            var names = libvirt.call("list", connect -> {
                var all = new ArrayList<>(List.of(connect.listDefinedDomains()));
                for (var id : connect.listDomains()) {
                    all.add(connect.domainLookupByID(id).getName());
                }
                return all;
            });
            assertThat(names).doesNotContain(vm.domainName());
        }
        assertThat(vm.files().dir()).doesNotExist();
        await(Duration.ofSeconds(10), () -> !qemu.alive());
    }

    private static void sampleRss(QemuProcess qemu, Duration span, List<Long> samplesMib) {
        for (long end = System.nanoTime() + span.toNanos(); System.nanoTime() < end; ) {
            samplesMib.add(qemu.rssKib().orElse(-1) / 1024);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
