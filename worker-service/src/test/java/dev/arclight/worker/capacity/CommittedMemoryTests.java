package dev.arclight.worker.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.worker.vm.Accel;
import dev.arclight.worker.vm.BootReadiness;
import dev.arclight.worker.vm.GuestImage;
import dev.arclight.worker.vm.LibvirtConnection;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory a shrink gives back is room pool-service can place VMs in: the capacity report says so. */
class CommittedMemoryTests {

    @TempDir
    Path tmp;

    @Test
    void aShrinkLowersTheMemoryTheWorkerReportsAsCommittedAndAGrowRaisesIt() {
        try (var connection = new LibvirtConnection("test:///default");
                var vms = new VirtualMachines(
                        connection,
                        "c" + UUID.randomUUID().toString().substring(0, 8),
                        tmp.resolve("vms"),
                        BootReadiness.immediately(),
                        Duration.ofSeconds(5),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())) {
            var image = new GuestImage(
                    tmp.resolve("vmlinuz"), tmp.resolve("initrd.img"), tmp.resolve("rootfs.img"), "console=ttyS0");
            vms.boot(new VmSpec("vm1", Optional.of("acme"), 512, 512, 1, image, Accel.TCG));
            var reporter = new CapacityReporter(
                    new WorkerProperties("w1", URI.create("http://w1:8084"), Duration.ofSeconds(5)),
                    new HostResources(),
                    vms,
                    null,
                    Clock.systemUTC());
            long before = reporter.currentCapacity().committedMemoryMib();

            vms.setMemory("vm1", 160);
            long shrunk = reporter.currentCapacity().committedMemoryMib();
            vms.setMemory("vm1", 512);

            assertThat(before - shrunk).isEqualTo(512 - 160);
            assertThat(reporter.currentCapacity().committedMemoryMib()).isEqualTo(before);
        }
    }
}
