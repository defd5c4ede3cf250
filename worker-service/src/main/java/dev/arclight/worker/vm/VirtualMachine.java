package dev.arclight.worker.vm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One VM of this worker, as the worker last saw it.
 *
 * @param startedBy booted, or restored from a template (a VM adopted from an earlier run of the
 *     worker reads it from its metadata)
 */
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
        VmState state,
        StartMethod startedBy) {

    /** A VM about to be defined (booted) or restored as {@code spec} says. */
    static VirtualMachine starting(VmSpec spec, String domainName, VmFiles files, Instant at, StartMethod method) {
        return new VirtualMachine(
                spec.id(),
                domainName,
                spec.tenant(),
                spec.memoryMib(),
                spec.maxMemoryMib(),
                spec.vcpus(),
                spec.accel(),
                files,
                at,
                new VmState.Defining(at),
                method);
    }

    public VirtualMachine withState(VmState next) {
        return new VirtualMachine(
                id, domainName, tenant, memoryMib, maxMemoryMib, vcpus, accel, files, createdAt, next, startedBy);
    }

    public VirtualMachine withMemoryMib(long next) {
        return new VirtualMachine(
                id, domainName, tenant, next, maxMemoryMib, vcpus, accel, files, createdAt, state, startedBy);
    }

    public VirtualMachine withTenant(String next) {
        return new VirtualMachine(
                id,
                domainName,
                Optional.of(next),
                memoryMib,
                maxMemoryMib,
                vcpus,
                accel,
                files,
                createdAt,
                state,
                startedBy);
    }

    /** The host end of the guest agent's virtio-serial port. */
    public Path agentSocket() {
        return files.agentSocket();
    }
}
