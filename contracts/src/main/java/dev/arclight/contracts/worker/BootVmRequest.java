package dev.arclight.contracts.worker;

/**
 * Asks a worker to boot a VM ({@code POST /vms}). The call returns once the guest is ready.
 *
 * @param vmId id for the VM, unique on the worker ({@code [a-z0-9][a-z0-9-]*}); the worker picks one
 *     when absent
 * @param tenant the tenant the VM serves, or absent for a VM that waits in a warm pool
 * @param memoryMib memory the guest starts with
 * @param maxMemoryMib the most the balloon may later grow it to; {@code memoryMib} when absent
 * @param vcpus virtual CPUs; 1 when absent
 * @param runtimes runtimes whose interpreters the guest starts ahead of any code (a pooled VM's
 *     sub-pool runtimes), so that a container start only loads the function's code; none when absent
 * @param start {@code restore} to start from the runtimes' template snapshot when the worker has
 *     one (booting when it has not), {@code boot} to always boot; {@code restore} when absent
 */
public record BootVmRequest(
        String vmId,
        String tenant,
        Long memoryMib,
        Long maxMemoryMib,
        Integer vcpus,
        java.util.List<String> runtimes,
        String start) {

    public BootVmRequest {
        runtimes = runtimes == null ? java.util.List.of() : java.util.List.copyOf(runtimes);
    }

    public BootVmRequest(String vmId, String tenant, Long memoryMib, Long maxMemoryMib, Integer vcpus) {
        this(vmId, tenant, memoryMib, maxMemoryMib, vcpus, null, null);
    }
}
