package dev.arclight.worker.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.worker.vm.Accel;
import dev.arclight.worker.vm.BootReadiness;
import dev.arclight.worker.vm.GuestImage;
import dev.arclight.worker.vm.LibvirtConnection;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against libvirt's built-in test driver: real setMemory calls, no guest. */
class GrowBeforeUseTests {

    @TempDir
    Path tmp;

    private LibvirtConnection connection;
    private VirtualMachines vms;
    private GrowBeforeUse memory;

    @BeforeEach
    void boot() {
        connection = new LibvirtConnection("test:///default");
        vms = new VirtualMachines(
                connection,
                "g" + UUID.randomUUID().toString().substring(0, 8),
                tmp.resolve("vms"),
                BootReadiness.immediately(),
                Duration.ofSeconds(5),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        var image = new GuestImage(
                tmp.resolve("vmlinuz"), tmp.resolve("initrd.img"), tmp.resolve("rootfs.img"), "console=ttyS0");
        vms.boot(new VmSpec("vm1", Optional.of("acme"), 512, 512, 1, image, Accel.TCG));
        memory = new GrowBeforeUse(vms, 160, Duration.ofMillis(100));
    }

    @AfterEach
    void close() {
        vms.close();
        connection.close();
    }

    @Test
    void aShrunkVmIsGrownToItsContainersLimitsBeforeUse() {
        vms.setMemory("vm1", 160);

        memory.before("vm1", List.of(container(Container.State.STARTING, 512)));

        assertThat(vms.find("vm1").orElseThrow().memoryMib()).isEqualTo(512);
    }

    @Test
    void growsOnlyToTheFloorPlusTheLimitsNotToTheMaximum() {
        vms.setMemory("vm1", 160);

        memory.before("vm1", List.of(container(Container.State.BUSY, 128)));

        assertThat(vms.find("vm1").orElseThrow().memoryMib()).isEqualTo(160 + 128);
    }

    @Test
    void aVmAtItsNeedIsLeftAsItIs() {
        vms.setMemory("vm1", 400);

        memory.before("vm1", List.of(container(Container.State.BUSY, 128)));

        assertThat(vms.find("vm1").orElseThrow().memoryMib()).isEqualTo(400);
    }

    @Test
    void aShrinkIsRefusedWhileAContainerMayNeedTheMemory() {
        var busy = List.of(container(Container.State.BUSY, 512));

        assertThatThrownBy(() -> memory.resize("vm1", 160, busy)).isInstanceOf(VmMemoryInUseException.class);
        assertThat(vms.find("vm1").orElseThrow().memoryMib()).isEqualTo(512);
    }

    @Test
    void aShrinkOfAnIdleVmIsApplied() {
        memory.resize("vm1", 160, List.of(container(Container.State.IDLE, 512)));

        assertThat(vms.find("vm1").orElseThrow().memoryMib()).isEqualTo(160);
    }

    @Test
    void aGrowIsNeverRefused() {
        vms.setMemory("vm1", 160);

        memory.resize("vm1", 256, List.of(container(Container.State.BUSY, 512)));

        assertThat(vms.find("vm1").orElseThrow().memoryMib()).isEqualTo(256);
    }

    private static Container container(Container.State state, int limit) {
        return new Container(
                "c-" + state,
                "vm1",
                "arn:aws:lambda:us-east-1:000000000001:function:f:1",
                "1",
                "python3.11",
                limit,
                Duration.ofSeconds(3),
                state,
                0,
                Optional.empty(),
                false);
    }
}
