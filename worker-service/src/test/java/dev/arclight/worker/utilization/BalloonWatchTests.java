package dev.arclight.worker.utilization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.worker.vm.Accel;
import dev.arclight.worker.vm.BootReadiness;
import dev.arclight.worker.vm.GuestImage;
import dev.arclight.worker.vm.LibvirtConnection;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmMemoryResized;
import dev.arclight.worker.vm.VmSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against libvirt's built-in test driver, whose balloon is at its target as soon as it is set (it
 * has no guest); a balloon that lags is one whose target the event names but libvirt was not given.
 */
class BalloonWatchTests {

    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration LIMIT = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    private LibvirtConnection connection;
    private VirtualMachines vms;
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private BalloonWatch watch;

    @BeforeEach
    void boot() {
        connection = new LibvirtConnection("test:///default");
        vms = new VirtualMachines(
                connection,
                "b" + UUID.randomUUID().toString().substring(0, 8),
                tmp.resolve("vms"),
                BootReadiness.immediately(),
                Duration.ofSeconds(5),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        var image = new GuestImage(
                tmp.resolve("vmlinuz"), tmp.resolve("initrd.img"), tmp.resolve("rootfs.img"), "console=ttyS0");
        vms.boot(new VmSpec("vm1", Optional.empty(), 512, 512, 1, image, Accel.TCG));
        watch = new BalloonWatch(vms, reported::add, INTERVAL, LIMIT);
    }

    @AfterEach
    void close() {
        vms.close();
        connection.close();
    }

    @Test
    void reportsOnceAsSoonAsTheBalloonIsAtItsTarget() throws Exception {
        vms.setMemory("vm1", 256);
        long t0 = System.nanoTime();

        watch.resized(new VmMemoryResized("vm1", 256));

        awaitReports(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LIMIT);
        Thread.sleep(LIMIT.toMillis());
        assertThat(reported).containsExactly("vm1");
    }

    @Test
    void reportsWhereTheBalloonGotWhenItMissesItsTargetWithinTheLimit() throws Exception {
        long t0 = System.nanoTime();

        watch.resized(new VmMemoryResized("vm1", 256));

        awaitReports(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(LIMIT);
        assertThat(reported).containsExactly("vm1");
    }

    @Test
    void aNewerResizeReplacesTheWatchOfTheOlderOne() throws Exception {
        watch.resized(new VmMemoryResized("vm1", 256));
        vms.setMemory("vm1", 384);

        watch.resized(new VmMemoryResized("vm1", 384));

        awaitReports(1);
        Thread.sleep(LIMIT.toMillis() + 200);
        assertThat(reported).as("the older watch ended without a report").containsExactly("vm1");
    }

    @Test
    void aVmThatIsGoneIsNotReported() throws Exception {
        watch.resized(new VmMemoryResized("no-such-vm", 256));

        Thread.sleep(LIMIT.toMillis() + 200);
        assertThat(reported).isEmpty();
    }

    private void awaitReports(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reported.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(reported).hasSizeGreaterThanOrEqualTo(count);
    }
}
