package dev.arclight.worker.host;

import dev.arclight.worker.vm.Accel;
import dev.arclight.worker.vm.AccelMode;
import dev.arclight.worker.vm.GuestImage;
import dev.arclight.worker.vm.LibvirtProperties;
import dev.arclight.worker.vm.VirtualMachines;
import dev.arclight.worker.vm.VmReconcileAtStart;
import dev.arclight.worker.vm.VmSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Decides once, at start-up, whether VMs run under KVM or under TCG (QEMU's software emulation).
 *
 * <p>An openable {@code /dev/kvm} proves little: on nested or PVM hosts it opens, yet stock guest
 * kernels make no progress under it. So with {@code arclight.worker.accel=auto} the probe boots the
 * guest image once under KVM and chooses KVM only if that VM reaches ready within
 * {@code arclight.worker.probe-timeout}; anything else (no {@code /dev/kvm}, no image, a define
 * error, a timeout) chooses TCG, with the reason. The probe runs on its own thread so start-up
 * never waits for it; {@link #accel()} waits for the decision. {@code kvm} or {@code tcg} skip it.
 */
public class HypervisorProbe implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HypervisorProbe.class);
    static final String PROBE_VM_ID = "probe-kvm";

    private final LibvirtProperties properties;
    private final VirtualMachines vms;
    private final MeterRegistry meters;
    private final Path kvmDevice;
    private final CompletableFuture<HypervisorChoice> choice = new CompletableFuture<>();
    private volatile boolean running;

    public HypervisorProbe(LibvirtProperties properties, VirtualMachines vms, MeterRegistry meters, Path kvmDevice) {
        this.properties = properties;
        this.vms = vms;
        this.meters = meters;
        this.kvmDevice = kvmDevice;
    }

    @Override
    public void start() {
        running = true;
        long t0 = System.nanoTime();
        if (properties.accel() != AccelMode.AUTO) {
            // Nothing to find out: decided before anything can ask.
            publish(decide(t0));
            return;
        }
        Thread.ofVirtual().name("hypervisor-probe").start(() -> {
            HypervisorChoice decided;
            try {
                decided = decide(t0);
            } catch (RuntimeException e) {
                decided = new HypervisorChoice(Accel.TCG, "the probe failed: " + e.getMessage(), since(t0));
            }
            publish(decided);
        });
    }

    /** The decision, once made. */
    public Optional<HypervisorChoice> choice() {
        return Optional.ofNullable(choice.getNow(null));
    }

    /** The accelerator for new VMs, waiting for the probe if it is still running. */
    public Accel accel() {
        try {
            return choice.get(properties.probeTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS)
                    .accel();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the hypervisor probe has not decided yet", e);
        } catch (Exception e) {
            throw new IllegalStateException("the hypervisor probe failed", e);
        }
    }

    private HypervisorChoice decide(long t0) {
        return switch (properties.accel()) {
            case TCG -> new HypervisorChoice(Accel.TCG, "configured (arclight.worker.accel=tcg)", since(t0));
            case KVM -> new HypervisorChoice(Accel.KVM, "configured (arclight.worker.accel=kvm)", since(t0));
            case AUTO -> probe(t0);
        };
    }

    private HypervisorChoice probe(long t0) {
        if (!Files.exists(kvmDevice)) {
            return new HypervisorChoice(Accel.TCG, kvmDevice + " does not exist", since(t0));
        }
        GuestImage image;
        try {
            image = GuestImage.load(properties.imageDir());
        } catch (RuntimeException e) {
            return new HypervisorChoice(Accel.TCG, "KVM not tried: " + e.getMessage(), since(t0));
        }
        var spec = new VmSpec(PROBE_VM_ID, Optional.empty(), 256, 256, 1, image, Accel.KVM);
        try {
            var vm = vms.boot(spec, properties.probeTimeout());
            vms.destroy(vm.id());
            return new HypervisorChoice(Accel.KVM, "a guest booted under KVM", since(t0));
        } catch (RuntimeException e) {
            var reason = firstLine(e.getMessage());
            return new HypervisorChoice(Accel.TCG, "KVM did not boot the guest: " + reason, since(t0));
        }
    }

    private void publish(HypervisorChoice decided) {
        Gauge.builder("arclight.worker.hypervisor", () -> 1)
                .description("1, tagged with the accelerator this worker's VMs use")
                .tag("accel", decided.accel().name().toLowerCase())
                .register(meters);
        log.info(
                "VMs run under {} ({}; decided in {} ms)",
                decided.accel(),
                decided.reason(),
                decided.decidedIn().toMillis());
        choice.complete(decided);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        var newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return VmReconcileAtStart.PHASE + 1;
    }
}
