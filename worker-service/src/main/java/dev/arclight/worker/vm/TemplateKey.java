package dev.arclight.worker.vm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a saved template must match for a clone to restore from it: QEMU restores a migration
 * stream only into the same binary, machine type, CPU model and devices, and the guest it holds is
 * one image's. The runtimes are not part of it: a template holds no pre-started runtimes (see
 * {@link Snapshots}), so one template serves every runtime set of its size.
 */
public record TemplateKey(
        String imageHash,
        long hypervisorVersion,
        String machine,
        Accel accel,
        int vcpus,
        long memoryMib,
        long maxMemoryMib) {

    static TemplateKey of(VmSpec spec, String imageHash, long hypervisorVersion) {
        return new TemplateKey(
                imageHash,
                hypervisorVersion,
                DomainXml.MACHINE,
                spec.accel(),
                spec.vcpus(),
                spec.memoryMib(),
                spec.maxMemoryMib());
    }

    /** {@code <image hash>-<hash of the rest>}: file and VM names, grouped by image. */
    String name() {
        var rest = hypervisorVersion + "/" + machine + "/" + accel + "/" + vcpus + "/" + memoryMib + "/" + maxMemoryMib;
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(rest.getBytes(StandardCharsets.UTF_8));
            return imageHash + "-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
