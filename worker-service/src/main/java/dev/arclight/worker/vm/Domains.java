package dev.arclight.worker.vm;

import dev.arclight.worker.vm.Reconciliation.FoundDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/**
 * The libvirt calls on domains, by name. Looking a domain up for every call keeps no handle that a
 * reconnect to libvirtd would make stale.
 */
final class Domains {

    private static final Pattern DOMAIN_TYPE = Pattern.compile("<domain\\s+type=['\"](\\w+)['\"]");

    private final LibvirtConnection libvirt;

    Domains(LibvirtConnection libvirt) {
        this.libvirt = libvirt;
    }

    void define(String name, String xml) {
        libvirt.run("define " + name, c -> c.domainDefineXML(xml));
    }

    void start(String name) {
        libvirt.run("start " + name, c -> c.domainLookupByName(name).create());
    }

    /**
     * Replaces Arclight's metadata element of a domain, in the running domain and in its persistent
     * definition both, so that a worker restarted later reads the same (the reconcile reads it).
     */
    void setMetadata(String name, VmMetadata metadata) {
        // VIR_DOMAIN_METADATA_ELEMENT = 2; VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG = 3.
        libvirt.run(
                "set the metadata of " + name,
                c -> c.domainLookupByName(name)
                        .setMetadata(2, DomainXml.metadataForSet(metadata), "arclight", VmMetadata.NAMESPACE, 3));
    }

    boolean isActive(String name) {
        return libvirt.call("state of " + name, c -> c.domainLookupByName(name).isActive() == 1);
    }

    /** Asks the guest to power off (ACPI); returns at once. */
    void requestShutdown(String name) {
        libvirt.run("shut down " + name, c -> c.domainLookupByName(name).shutdown());
    }

    /** Sets the running guest's memory through the balloon (virDomainSetMemory, live). */
    void setMemory(String name, long memoryKib) {
        libvirt.run("set the memory of " + name, c -> c.domainLookupByName(name).setMemory(memoryKib));
    }

    MemoryStats memoryStats(String name, long fallbackActualKib) {
        var stats = libvirt.call(
                "memory stats of " + name, c -> c.domainLookupByName(name).memoryStats(MemoryStatTag.COUNT));
        return MemoryStatTag.toStats(stats, fallbackActualKib);
    }

    DomainInfo info(String name) {
        return libvirt.call("info of " + name, c -> c.domainLookupByName(name).getInfo());
    }

    Accel accel(String name) {
        var type = DOMAIN_TYPE.matcher(
                libvirt.call("XML of " + name, c -> c.domainLookupByName(name).getXMLDesc(0)));
        return type.find() && type.group(1).equals(Accel.KVM.domainType()) ? Accel.KVM : Accel.TCG;
    }

    /** Every domain, running or not, whose name starts with the prefix, with its metadata. */
    List<FoundDomain> withPrefix(String prefix) {
        return libvirt.call("list domains", c -> {
            var found = new ArrayList<FoundDomain>();
            for (var domain : c.listAllDomains(0)) {
                var name = domain.getName();
                if (name.startsWith(prefix)) {
                    found.add(new FoundDomain(
                            name, domain.isActive() == 1, DomainXml.readMetadata(domain.getXMLDesc(0))));
                }
            }
            return found;
        });
    }

    /** Destroys (if running) and undefines a domain; one that is already gone is fine. */
    void remove(String name) {
        libvirt.run("remove " + name, c -> {
            try {
                var domain = c.domainLookupByName(name);
                if (domain.isActive() == 1) {
                    domain.destroy();
                }
                domain.undefine();
            } catch (LibvirtException e) {
                if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN) {
                    throw e;
                }
            }
        });
    }
}
