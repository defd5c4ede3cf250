package dev.arclight.worker.vm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** One VM of this worker, as the worker last saw it. */
public record VirtualMachine(
        String id,
        String domainName,
        Optional<String> tenant,
        long memoryMib,
        long maxMemoryMib,
        int vcpus,
        Accel accel,
        VmFiles files,
        Instant createdAt,
        VmState state) {

    public VirtualMachine withState(VmState next) {
        return new VirtualMachine(
                id, domainName, tenant, memoryMib, maxMemoryMib, vcpus, accel, files, createdAt, next);
    }

    public VirtualMachine withMemoryMib(long next) {
        return new VirtualMachine(id, domainName, tenant, next, maxMemoryMib, vcpus, accel, files, createdAt, state);
    }

    public VirtualMachine withTenant(String next) {
        return new VirtualMachine(
                id, domainName, Optional.of(next), memoryMib, maxMemoryMib, vcpus, accel, files, createdAt, state);
    }

    /** The host end of the guest agent's virtio-serial port. */
    public Path agentSocket() {
        return files.agentSocket();
    }
}
