package dev.arclight.worker.vm;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where this worker's VMs come from and how they are run.
 *
 * @param libvirtUri the libvirt connection, {@code qemu:///system} on a worker host
 * @param imageDir the guest image: {@code vmlinuz}, {@code initrd.img}, {@code rootfs.img} and
 *     {@code manifest.json}
 * @param vmDir per-VM files (agent socket, console log); the QEMU user must be able to reach it
 * @param accel {@code auto} probes KVM once at start-up and falls back to TCG
 * @param reconcile what to do at start-up with VMs a previous run of this worker left behind
 * @param bootTimeout how long a VM may take from start to ready before it is destroyed
 * @param probeTimeout how long the KVM probe waits for the probe VM to boot
 * @param bootMarker a console marker that says the guest is up; empty (the default) waits for the
 *     guest agent's ready event instead
 */
@Validated
@ConfigurationProperties("arclight.worker")
public record LibvirtProperties(
        @NotBlank String libvirtUri,
        @NotNull Path imageDir,
        @NotNull Path vmDir,
        @NotNull AccelMode accel,
        @NotNull ReconcilePolicy reconcile,
        @NotNull Duration bootTimeout,
        @NotNull Duration probeTimeout,
        String bootMarker) {

    public LibvirtProperties {
        bootMarker = bootMarker == null ? "" : bootMarker;
        requirePositive("arclight.worker.boot-timeout", bootTimeout);
        requirePositive("arclight.worker.probe-timeout", probeTimeout);
        if (imageDir != null && !imageDir.isAbsolute()) {
            throw new IllegalArgumentException("arclight.worker.image-dir must be an absolute path, was " + imageDir);
        }
        if (vmDir != null && !vmDir.isAbsolute()) {
            throw new IllegalArgumentException("arclight.worker.vm-dir must be an absolute path, was " + vmDir);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
