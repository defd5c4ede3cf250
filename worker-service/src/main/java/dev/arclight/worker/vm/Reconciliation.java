package dev.arclight.worker.vm;

import java.util.List;
import java.util.Optional;

/**
 * Decides, when a worker starts, what becomes of each libvirt domain it finds.
 *
 * <p>A domain is this worker's when its Arclight metadata names this worker; a matching name prefix
 * alone is not enough (worker {@code a}'s prefix is also a prefix of worker {@code a-b}'s), and a
 * domain that is not ours is never touched. Of ours, under {@link ReconcilePolicy#ADOPT}, a running
 * domain whose name is the one this worker would give its VM is adopted; everything else (stopped
 * domains, leftovers of a KVM probe, strays with a foreign name) is destroyed and undefined, so
 * that nothing leaks. Under {@link ReconcilePolicy#DESTROY} all of ours are destroyed.
 */
public final class Reconciliation {

    /** VMs whose id starts with this are the worker's own short-lived ones and are never adopted. */
    public static final String TRANSIENT_ID_PREFIX = "probe-";

    /** A template VM being built for a snapshot: never adopted, it would be saved by no one. */
    public static final String TEMPLATE_ID_PREFIX = "template-";

    private Reconciliation() {}

    /** A domain as found in libvirt. */
    public record FoundDomain(String name, boolean active, Optional<VmMetadata> metadata) {}

    public sealed interface Decision {
        FoundDomain domain();

        record Adopt(FoundDomain domain, VmMetadata metadata) implements Decision {}

        record Destroy(FoundDomain domain, String reason) implements Decision {}

        record Ignore(FoundDomain domain) implements Decision {}
    }

    public static List<Decision> decide(ReconcilePolicy policy, DomainNames names, List<FoundDomain> domains) {
        return domains.stream().map(d -> decide(policy, names, d)).toList();
    }

    static Decision decide(ReconcilePolicy policy, DomainNames names, FoundDomain domain) {
        var metadata = domain.metadata().filter(m -> m.workerId().equals(names.workerId()));
        if (metadata.isEmpty()) {
            return new Decision.Ignore(domain);
        }
        var vm = metadata.get();
        if (policy == ReconcilePolicy.DESTROY) {
            return new Decision.Destroy(domain, "the reconcile policy is destroy");
        }
        if (!domain.active()) {
            return new Decision.Destroy(domain, "it is not running");
        }
        if (vm.vmId().startsWith(TRANSIENT_ID_PREFIX)) {
            return new Decision.Destroy(domain, "it is a probe VM");
        }
        if (vm.vmId().startsWith(TEMPLATE_ID_PREFIX)) {
            return new Decision.Destroy(domain, "it is a template VM whose save did not finish");
        }
        if (!names.domainName(vm.vmId()).equals(domain.name())) {
            return new Decision.Destroy(domain, "its name does not match its VM id " + vm.vmId());
        }
        return new Decision.Adopt(domain, vm);
    }
}
