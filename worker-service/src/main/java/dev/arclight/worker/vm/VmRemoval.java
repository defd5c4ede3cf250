package dev.arclight.worker.vm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what is left of a VM that failed or is no longer wanted: its domain, its files and its
 * entry in the {@link VmTable}, logging rather than throwing, since the caller is already
 * handling the failure that brought it here.
 */
final class VmRemoval {

    private static final Logger log = LoggerFactory.getLogger(VmRemoval.class);

    private final Domains domains;
    private final VmTable table;

    VmRemoval(Domains domains, VmTable table) {
        this.domains = domains;
        this.table = table;
    }

    /** Removes the VM's domain and files and forgets it. */
    void discard(VirtualMachine vm) {
        removeQuietly(vm.domainName(), vm.files());
        table.remove(vm.id());
    }

    /** Forgets a VM whose domain is already gone (a saved template) and deletes its files. */
    void forget(VirtualMachine vm) {
        table.remove(vm.id());
        try {
            domains.remove(vm.domainName());
        } catch (RuntimeException e) {
            log.debug("undefine of {} after its save: {}", vm.domainName(), e.getMessage());
        }
        vm.files().delete();
    }

    /** Removes a domain and its files, whether or not the worker knows the VM. */
    void removeQuietly(String name, VmFiles files) {
        try {
            domains.remove(name);
        } catch (RuntimeException e) {
            log.error("could not remove domain {}: {}", name, e.getMessage());
        }
        try {
            files.delete();
        } catch (RuntimeException e) {
            log.error("could not delete the files of {}: {}", name, e.getMessage());
        }
    }
}
