package dev.arclight.worker.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.worker.vm.Accel;
import dev.arclight.worker.vm.BootReadiness;
import dev.arclight.worker.vm.GuestImage;
import dev.arclight.worker.vm.LibvirtConnection;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's memory gauges follow its VMs: booted, shrunk, grown and destroyed (libvirt's test driver). */
class MemoryMetersTests {

    @TempDir
    Path tmp;

    @Test
    void theGaugesFollowTheVmsBalloonsAndTheirQemuProcesses() {
        var meters = new SimpleMeterRegistry();
        try (var connection = new LibvirtConnection("test:///default");
                var vms = new VirtualMachines(
                        connection,
                        "m" + UUID.randomUUID().toString().substring(0, 8),
                        tmp.resolve("vms"),
                        BootReadiness.immediately(),
                        Duration.ofSeconds(5),
                        Clock.systemUTC(),
                        meters)) {
            var host = new HostResources();
            new MemoryMeters(vms, host, meters);
            var image = new GuestImage(
                    tmp.resolve("vmlinuz"), tmp.resolve("initrd.img"), tmp.resolve("rootfs.img"), "console=ttyS0");
            assertThat(gauge(meters, "host")).isEqualTo(host.memoryMib()).isPositive();
            assertThat(gauge(meters, "committed")).isZero();
            assertThat(gauge(meters, "resident")).isZero();

            vms.boot(new VmSpec("vm1", Optional.of("acme"), 512, 1024, 1, image, Accel.TCG));
            vms.boot(new VmSpec("vm2", Optional.empty(), 256, 256, 1, image, Accel.TCG));
            assertThat(gauge(meters, "configured")).isEqualTo(1024 + 256);
            assertThat(gauge(meters, "committed")).isEqualTo(512 + 256);
            long bothResident = gauge(meters, "resident");
            assertThat(bothResident).isPositive();

            vms.setMemory("vm1", 160);
            assertThat(gauge(meters, "committed")).isEqualTo(160 + 256);
            assertThat(gauge(meters, "configured")).isEqualTo(1024 + 256);

            vms.destroy("vm2");
            assertThat(gauge(meters, "committed")).isEqualTo(160);
            assertThat(gauge(meters, "configured")).isEqualTo(1024);
            assertThat(gauge(meters, "resident")).isPositive().isLessThan(bothResident);
        }
    }

    private static long gauge(MeterRegistry meters, String kind) {
        return (long) meters.get(MemoryMeters.NAME).tag("kind", kind).gauge().value();
    }
}
