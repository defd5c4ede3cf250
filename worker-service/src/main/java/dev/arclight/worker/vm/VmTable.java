package dev.arclight.worker.vm;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The worker's own view of its VMs, by id: what is booting, restoring, running or stopping. Only
 * this view changes here; the domains behind it are libvirt's ({@link Domains}).
 */
final class VmTable {

    private final Map<String, VirtualMachine> vms = new ConcurrentHashMap<>();

    /** Adds a VM that is starting; an id in use already is refused, so no VM starts twice. */
    void register(VirtualMachine vm) {
        if (vms.putIfAbsent(vm.id(), vm) != null) {
            throw new VmOperationException("VM " + vm.id() + " already exists on this worker");
        }
    }

    void put(VirtualMachine vm) {
        vms.put(vm.id(), vm);
    }

    /** Replaces the VM only if it is still {@code expected}, so a concurrent change is not undone. */
    void replace(VirtualMachine expected, VirtualMachine replacement) {
        vms.replace(expected.id(), expected, replacement);
    }

    /** Changes one VM atomically: the function runs under the VM's entry. */
    VirtualMachine compute(String id, BiFunction<String, VirtualMachine, VirtualMachine> change) {
        return vms.compute(id, change);
    }

    void remove(String id) {
        vms.remove(id);
    }

    VirtualMachine require(String id) {
        var vm = vms.get(id);
        if (vm == null) {
            throw new NoSuchVmException(id);
        }
        return vm;
    }

    Optional<VirtualMachine> find(String id) {
        return Optional.ofNullable(vms.get(id));
    }

    /** The VMs without templates being built (they are never handed out), by id. */
    List<VirtualMachine> list() {
        return vms.values().stream()
                .filter(vm -> !vm.id().startsWith(Reconciliation.TEMPLATE_ID_PREFIX))
                .sorted(Comparator.comparing(VirtualMachine::id))
                .toList();
    }

    /** Every VM, templates being built included. */
    Collection<VirtualMachine> all() {
        return vms.values();
    }

    int size() {
        return vms.size();
    }
}
