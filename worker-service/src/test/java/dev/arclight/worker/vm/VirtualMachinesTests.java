package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The lifecycle against libvirt's built-in test driver: real libvirt API calls and XML parsing, no
 * daemon and no guest. Each test uses its own worker id, since the test driver's state is shared
 * by every connection in the JVM.
 */
class VirtualMachinesTests {

    private static final String TEST_URI = "test:///default";

    @TempDir
    Path tmp;

    private final String workerId = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Connect inspector = connect();

    private static Connect connect() {
        try {
            return new Connect(TEST_URI);
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (var closeable : closeables) {
            closeable.close();
        }
        inspector.close();
    }

    private VirtualMachines vms(String worker, BootReadiness readiness) {
        var connection = new LibvirtConnection(TEST_URI);
        var vms = new VirtualMachines(
                connection,
                worker,
                tmp.resolve("vms"),
                readiness,
                Duration.ofSeconds(5),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        closeables.add(vms);
        closeables.add(connection);
        return vms;
    }

    private VmSpec spec(String id) {
        var image = new GuestImage(
                tmp.resolve("vmlinuz"), tmp.resolve("initrd.img"), tmp.resolve("rootfs.img"), "console=ttyS0");
        return new VmSpec(id, Optional.of("acme"), 256, 512, 1, image, Accel.TCG);
    }

    private VmSpec pooledSpec(String id) {
        var image = new GuestImage(
                tmp.resolve("vmlinuz"), tmp.resolve("initrd.img"), tmp.resolve("rootfs.img"), "console=ttyS0");
        return new VmSpec(id, Optional.empty(), 256, 512, 1, image, Accel.TCG);
    }

    private boolean domainExists(String name) throws LibvirtException {
        return List.of(inspector.listDefinedDomains()).contains(name)
                || activeNames().contains(name);
    }

    private List<String> activeNames() throws LibvirtException {
        var names = new ArrayList<String>();
        for (var id : inspector.listDomains()) {
            names.add(inspector.domainLookupByID(id).getName());
        }
        return names;
    }

    @Test
    void bootsAVmThatRunsWithItsMetadataAndFiles() throws Exception {
        var vms = vms(workerId, BootReadiness.immediately());

        var vm = vms.boot(spec("vm1"));

        assertThat(vm.state()).isInstanceOf(VmState.Running.class);
        assertThat(vm.domainName()).isEqualTo("arclight-" + workerId + "-vm1");
        var domain = inspector.domainLookupByName(vm.domainName());
        assertThat(domain.isActive()).isEqualTo(1);
        assertThat(domain.getInfo().maxMem).isEqualTo(512 * 1024);
        assertThat(domain.getInfo().memory).isEqualTo(256 * 1024);
        assertThat(DomainXml.readMetadata(domain.getXMLDesc(0))).hasValueSatisfying(m -> {
            assertThat(m.workerId()).isEqualTo(workerId);
            assertThat(m.vmId()).isEqualTo("vm1");
            assertThat(m.tenant()).contains("acme");
        });
        assertThat(vm.files().dir()).isDirectory();
        assertThat(vms.list()).extracting(VirtualMachine::id).containsExactly("vm1");
    }

    @Test
    void waitsForTheReadinessCheckBeforeCallingAVmRunning() {
        var polls = new int[1];
        var vms = vms(workerId, files -> timeout -> ++polls[0] >= 3);

        var vm = vms.boot(spec("vm1"));

        assertThat(polls[0]).isEqualTo(3);
        assertThat(((VmState.Running) vm.state()).bootTimes()).isPresent();
    }

    @Test
    void destroysAndCleansUpAVmThatDoesNotBecomeReady() throws Exception {
        var vms = vms(workerId, files -> timeout -> false);

        assertThatThrownBy(() -> vms.boot(spec("vm1"), Duration.ofMillis(300)))
                .isInstanceOf(VmBootException.class)
                .hasMessageContaining("not ready within");

        assertThat(domainExists("arclight-" + workerId + "-vm1")).isFalse();
        assertThat(tmp.resolve("vms").resolve("arclight-" + workerId + "-vm1")).doesNotExist();
        assertThat(vms.list()).isEmpty();
    }

    @Test
    void rejectsASecondVmWithTheSameId() {
        var vms = vms(workerId, BootReadiness.immediately());
        vms.boot(spec("vm1"));

        assertThatThrownBy(() -> vms.boot(spec("vm1"))).hasMessageContaining("already exists");
        assertThat(vms.list()).hasSize(1);
    }

    @Test
    void setsTheMemoryOfARunningVmWithinItsMaximum() throws Exception {
        var vms = vms(workerId, BootReadiness.immediately());
        var vm = vms.boot(spec("vm1"));

        vms.setMemory("vm1", 128);

        assertThat(inspector.domainLookupByName(vm.domainName()).getInfo().memory)
                .isEqualTo(128 * 1024);
        assertThat(vms.find("vm1"))
                .hasValueSatisfying(v -> assertThat(v.memoryMib()).isEqualTo(128));
        assertThatThrownBy(() -> vms.setMemory("vm1", 1024)).hasMessageContaining("between 64 and 512");
    }

    @Test
    void destroyLeavesNoDomainAndNoFiles() throws Exception {
        var vms = vms(workerId, BootReadiness.immediately());
        var vm = vms.boot(spec("vm1"));
        Files.writeString(vm.files().consoleLog(), "boot log");

        var gone = vms.destroy("vm1");

        assertThat(gone.state()).isInstanceOf(VmState.Gone.class);
        assertThat(domainExists(vm.domainName())).isFalse();
        assertThat(vm.files().dir()).doesNotExist();
        assertThat(vms.list()).isEmpty();
        assertThatThrownBy(() -> vms.destroy("vm1")).isInstanceOf(NoSuchVmException.class);
    }

    @Test
    void shutdownLeavesNoDomainAndNoFiles() throws Exception {
        var vms = vms(workerId, BootReadiness.immediately());
        var vm = vms.boot(spec("vm1"));

        vms.shutdown("vm1", Duration.ofSeconds(2));

        assertThat(domainExists(vm.domainName())).isFalse();
        assertThat(vm.files().dir()).doesNotExist();
        assertThat(vms.list()).isEmpty();
    }

    @Test
    void bootsOffTheCallersThreadWhenAsked() throws Exception {
        var bootThread = new Thread[1];
        // Recorded inside the boot: a thenApply on an already completed future runs on the caller.
        var vms = vms(workerId, files -> {
            bootThread[0] = Thread.currentThread();
            return timeout -> true;
        });
        var caller = Thread.currentThread();

        var vm = vms.bootAsync(spec("vm1")).get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(vm.state()).isInstanceOf(VmState.Running.class);
        assertThat(bootThread[0]).isNotNull().isNotSameAs(caller);
    }

    @Test
    void aPooledVmHandedToATenantKeepsItAcrossAWorkerRestart() throws Exception {
        var previous = vms(workerId, BootReadiness.immediately());
        var pooled = previous.boot(pooledSpec("pooled"));
        assertThat(pooled.tenant()).isEmpty();

        var assigned = previous.assign("pooled", "tenant-b");

        assertThat(assigned.tenant()).contains("tenant-b");
        var domain = inspector.domainLookupByName(pooled.domainName());
        assertThat(DomainXml.readMetadata(domain.getXMLDesc(0)))
                .hasValueSatisfying(m -> assertThat(m.tenant()).contains("tenant-b"));
        var restarted = vms(workerId, BootReadiness.immediately());
        restarted.reconcile(ReconcilePolicy.ADOPT);
        assertThat(restarted.find("pooled").orElseThrow().tenant()).contains("tenant-b");
        assertThatThrownBy(() -> restarted.assign("pooled", "tenant-c")).isInstanceOf(VmAlreadyAssignedException.class);
        restarted.destroy("pooled");
    }

    @Test
    void assigningTheSameTenantAgainChangesNothingAndAnotherIsRefused() {
        var vms = vms(workerId, BootReadiness.immediately());
        vms.boot(pooledSpec("p1"));
        vms.assign("p1", "tenant-a");

        assertThat(vms.assign("p1", "tenant-a").tenant()).contains("tenant-a");
        assertThatThrownBy(() -> vms.assign("p1", "tenant-b"))
                .isInstanceOf(VmAlreadyAssignedException.class)
                .hasMessageContaining("another tenant");
        assertThat(vms.find("p1").orElseThrow().tenant()).contains("tenant-a");
        assertThatThrownBy(() -> vms.assign("nope", "tenant-a")).isInstanceOf(NoSuchVmException.class);
    }

    @Test
    void aRestartedWorkerAdoptsItsRunningVmsAndDestroysTheRest() throws Exception {
        var previous = vms(workerId, BootReadiness.immediately());
        var kept = previous.boot(spec("kept"));
        var stopped = previous.boot(spec("stopped"));
        inspector.domainLookupByName(stopped.domainName()).destroy();
        var stray = tmp.resolve("vms").resolve("arclight-" + workerId + "-gone");
        Files.createDirectories(stray);
        var neighbour = vms("n" + workerId, BootReadiness.immediately()).boot(spec("theirs"));

        var restarted = vms(workerId, BootReadiness.immediately());
        var report = restarted.reconcile(ReconcilePolicy.ADOPT);

        assertThat(report.adopted()).containsExactly("kept");
        assertThat(report.destroyed()).containsExactly(stopped.domainName());
        assertThat(report.removedDirectories()).containsExactly(stray);
        var adopted = restarted.find("kept").orElseThrow();
        assertThat(adopted.state()).isInstanceOf(VmState.Running.class);
        assertThat(adopted.tenant()).contains("acme");
        assertThat(adopted.memoryMib()).isEqualTo(256);
        assertThat(adopted.maxMemoryMib()).isEqualTo(512);
        assertThat(adopted.createdAt()).isEqualTo(kept.createdAt());
        assertThat(domainExists(stopped.domainName())).isFalse();
        assertThat(stopped.files().dir()).doesNotExist();
        assertThat(kept.files().dir()).isDirectory();
        assertThat(inspector.domainLookupByName(neighbour.domainName()).isActive())
                .isEqualTo(1);
        assertThat(inspector.domainLookupByName("test").isActive()).isEqualTo(1);

        restarted.destroy("kept");
        assertThat(domainExists(kept.domainName())).isFalse();
    }

    @Test
    void aRestartedWorkerWithTheDestroyPolicyLeavesNothingOfItsOwn() throws Exception {
        var previous = vms(workerId, BootReadiness.immediately());
        var vm1 = previous.boot(spec("vm1"));
        var vm2 = previous.boot(spec("vm2"));

        var report = vms(workerId, BootReadiness.immediately()).reconcile(ReconcilePolicy.DESTROY);

        assertThat(report.adopted()).isEmpty();
        assertThat(report.destroyed()).containsExactlyInAnyOrder(vm1.domainName(), vm2.domainName());
        assertThat(domainExists(vm1.domainName())).isFalse();
        assertThat(domainExists(vm2.domainName())).isFalse();
        assertThat(tmp.resolve("vms")).isEmptyDirectory();
    }
}
