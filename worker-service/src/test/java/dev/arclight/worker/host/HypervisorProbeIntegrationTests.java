package dev.arclight.worker.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.worker.vm.AccelMode;
import dev.arclight.worker.vm.AgentReadyEvent;
import dev.arclight.worker.vm.LibvirtConnection;
import dev.arclight.worker.vm.LibvirtProperties;
import dev.arclight.worker.vm.ReconcilePolicy;
import dev.arclight.worker.vm.TestGuestImage;
import dev.arclight.worker.vm.VirtualMachines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real probe on this host: boots the guest image under KVM through qemu:///system. Which
 * accelerator wins depends on the host (TCG on PVM machines like the CI's, KVM on a real KVM host);
 * what holds everywhere is that it decides within its timeout and leaves no VM behind.
 */
class HypervisorProbeIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(HypervisorProbeIntegrationTests.class);

    @Test
    void decidesWithinItsTimeoutAndLeavesNoProbeVmBehind() throws Exception {
        var root = Files.createTempDirectory("arclight-probe-it");
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            TestGuestImage.prepare(root.resolve("image"));
            probeOnce(root);
        } finally {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void probeOnce(Path root) throws Exception {
        var probeTimeout = Duration.ofSeconds(10);
        var properties = new LibvirtProperties(
                "qemu:///system",
                root.resolve("image"),
                root.resolve("vms"),
                AccelMode.AUTO,
                ReconcilePolicy.DESTROY,
                Duration.ofMinutes(3),
                probeTimeout,
                "");
        var workerId = "pr" + UUID.randomUUID().toString().substring(0, 6);
        try (var libvirt = new LibvirtConnection(properties.libvirtUri());
                var vms = new VirtualMachines(
                        libvirt,
                        workerId,
                        properties.vmDir(),
                        new AgentReadyEvent(),
                        properties.bootTimeout(),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())) {
            var probe = new HypervisorProbe(properties, vms, new SimpleMeterRegistry(), Path.of("/dev/kvm"));

            probe.start();
            probe.accel();

            var choice = probe.choice().orElseThrow();
            log.info(
                    "hypervisor probe on this host: {} ({}) in {} ms",
                    choice.accel(),
                    choice.reason(),
                    choice.decidedIn().toMillis());
            assertThat(choice.decidedIn()).isLessThan(probeTimeout.plusSeconds(15));
            assertThat(vms.list()).isEmpty();
            var leftovers = libvirt.call("list", c -> List.of(c.listDefinedDomains()));
            assertThat(leftovers).noneMatch(name -> name.startsWith(vms.names().prefix()));
            assertThat(root.resolve("vms")).isEmptyDirectory();
        }
    }
}
