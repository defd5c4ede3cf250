package dev.arclight.worker.vm;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a VM is to be: its id (unique on this worker), the tenant it serves once claimed (none for a
 * pooled VM), its memory and CPUs, and the guest it boots.
 *
 * @param memoryMib memory the guest gets at start, through the balloon
 * @param maxMemoryMib the most the balloon can grow it to without a restart
 */
public record VmSpec(
        String id,
        Optional<String> tenant,
        long memoryMib,
        long maxMemoryMib,
        int vcpus,
        GuestImage image,
        Accel accel) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public VmSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(accel, "accel");
        if (!ID.matcher(id).matches()) {
            // The id becomes part of the domain name and of file names.
            throw new IllegalArgumentException("VM id must match " + ID + ", was '" + id + "'");
        }
        if (memoryMib < 64) {
            throw new IllegalArgumentException("memoryMib must be at least 64, was " + memoryMib);
        }
        if (maxMemoryMib < memoryMib) {
            throw new IllegalArgumentException(
                    "maxMemoryMib (" + maxMemoryMib + ") must not be below memoryMib (" + memoryMib + ")");
        }
        if (vcpus < 1 || vcpus > 64) {
            throw new IllegalArgumentException("vcpus must be between 1 and 64, was " + vcpus);
        }
    }
}
