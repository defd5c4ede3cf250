package dev.arclight.worker.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.worker.vm.Accel;
import dev.arclight.worker.vm.AccelMode;
import dev.arclight.worker.vm.BootReadiness;
import dev.arclight.worker.vm.LibvirtConnection;
import dev.arclight.worker.vm.LibvirtProperties;
import dev.arclight.worker.vm.ReconcilePolicy;
import dev.arclight.worker.vm.VirtualMachines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

/** The probe's decisions, with libvirt's test driver standing in for a host whose guests boot or not. */
class HypervisorProbeTests {

    @TempDir
    Path tmp;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LibvirtConnection libvirt = new LibvirtConnection("test:///default");
    private VirtualMachines vms;

    @AfterEach
    void close() {
        vms.close();
        libvirt.close();
    }

    private HypervisorProbe probe(AccelMode mode, BootReadiness readiness, Path kvmDevice) throws Exception {
        var imageDir = Files.createDirectories(tmp.resolve("image"));
        for (var name : new String[] {"vmlinuz", "initrd.img", "rootfs.img"}) {
            Files.writeString(imageDir.resolve(name), "");
        }
        Files.writeString(imageDir.resolve("manifest.json"), "{\"kernelCmdline\":\"console=ttyS0\"}");
        var properties = new LibvirtProperties(
                "test:///default",
                imageDir,
                tmp.resolve("vms"),
                mode,
                ReconcilePolicy.ADOPT,
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                "");
        var workerId = "p" + UUID.randomUUID().toString().substring(0, 8);
        vms = new VirtualMachines(
                libvirt, workerId, properties.vmDir(), readiness, Duration.ofSeconds(5), Clock.systemUTC(), meters);
        return new HypervisorProbe(properties, vms, meters, kvmDevice);
    }

    private Path existingDevice() throws Exception {
        return Files.writeString(tmp.resolve("kvm"), "");
    }

    private static HypervisorChoice decided(HypervisorProbe probe) {
        probe.accel();
        return probe.choice().orElseThrow();
    }

    @Test
    void choosesKvmWhenTheProbeVmBootsUnderKvmAndRemovesIt() throws Exception {
        var probe = probe(AccelMode.AUTO, BootReadiness.immediately(), existingDevice());
        probe.start();

        assertThat(probe.accel()).isEqualTo(Accel.KVM);
        assertThat(decided(probe).reason()).contains("booted under KVM");
        assertThat(vms.list()).isEmpty();
        assertThat(tmp.resolve("vms")).isEmptyDirectory();
    }

    @Test
    void fallsBackToTcgWhenTheProbeVmDoesNotBootInTime() throws Exception {
        var probe = probe(AccelMode.AUTO, files -> timeout -> false, existingDevice());
        probe.start();

        assertThat(probe.accel()).isEqualTo(Accel.TCG);
        assertThat(decided(probe).reason()).contains("KVM did not boot the guest");
        assertThat(decided(probe).decidedIn()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(vms.list()).isEmpty();
    }

    @Test
    void choosesTcgWithoutTryingWhenThereIsNoKvmDevice() throws Exception {
        var probe = probe(AccelMode.AUTO, BootReadiness.immediately(), tmp.resolve("no-kvm"));
        probe.start();

        assertThat(probe.accel()).isEqualTo(Accel.TCG);
        assertThat(decided(probe).reason()).contains("does not exist");
    }

    @Test
    void takesTheConfiguredAcceleratorWithoutProbing() throws Exception {
        var tcg = probe(AccelMode.TCG, files -> timeout -> false, existingDevice());
        tcg.start();
        assertThat(tcg.accel()).isEqualTo(Accel.TCG);
        assertThat(decided(tcg).reason()).contains("configured");

        var kvm = probe(AccelMode.KVM, files -> timeout -> false, existingDevice());
        kvm.start();
        assertThat(kvm.accel()).isEqualTo(Accel.KVM);
        assertThat(decided(kvm).decidedIn()).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void reportsTheChoiceInHealthAndAsAGauge() throws Exception {
        var probe = probe(AccelMode.TCG, BootReadiness.immediately(), existingDevice());
        var health = new HypervisorHealthIndicator(probe, "test:///default");
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);

        probe.start();
        probe.accel();

        var reported = health.health();
        assertThat(reported.getStatus()).isEqualTo(Status.UP);
        assertThat(reported.getDetails()).containsEntry("accel", "tcg").containsEntry("libvirtUri", "test:///default");
        assertThat(meters.get("arclight.worker.hypervisor")
                        .tag("accel", "tcg")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
    }
}
