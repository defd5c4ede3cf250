package dev.arclight.placement.container;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** The books as metrics and tests read them: containers and VMs under the workers' ids. */
public final class BooksView {

    /** A container as the books hold it. */
    public record ContainerInfo(
            String containerId, ContainerKey key, String workerId, String vmId, ContainerState state) {}

    /** A VM as the books hold it. */
    public record VmInfo(String tenant, String workerId, String vmId, long memoryMib, VmState state, int containers) {}

    private BooksView() {}

    static List<ContainerInfo> containers(ContainerBooks books) {
        var vms = new HashMap<String, BookedVm>();
        books.vms().forEach(vm -> vms.put(vm.id(), vm));
        var infos = new ArrayList<ContainerInfo>();
        for (var container : books.containers()) {
            var vm = running(vms.get(container.vmId()));
            var handle = ContainerState.handleOf(container.state());
            infos.add(new ContainerInfo(
                    handle.map(ContainerHandle::containerId).orElse(container.id()),
                    container.key(),
                    vm == null ? null : vm.workerId(),
                    vm == null ? null : vm.vmId(),
                    container.state()));
        }
        return infos;
    }

    static List<VmInfo> vms(ContainerBooks books) {
        return books.vms().stream()
                .map(vm -> {
                    var handle = running(vm);
                    return new VmInfo(
                            vm.tenant(),
                            handle == null ? null : handle.workerId(),
                            handle == null ? null : handle.vmId(),
                            vm.memoryMib(),
                            vm.state(),
                            books.containersIn(vm.id()));
                })
                .toList();
    }

    private static VmHandle running(BookedVm vm) {
        return vm == null ? null : vm.handle().orElse(null);
    }
}
