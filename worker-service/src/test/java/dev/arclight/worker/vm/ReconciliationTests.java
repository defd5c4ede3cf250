package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.worker.vm.Reconciliation.Decision;
import dev.arclight.worker.vm.Reconciliation.FoundDomain;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconciliationTests {

    private static final DomainNames NAMES = new DomainNames("w1");

    private static FoundDomain ours(String vmId, boolean active) {
        return new FoundDomain(NAMES.domainName(vmId), active, Optional.of(metadata("w1", vmId)));
    }

    private static VmMetadata metadata(String worker, String vmId) {
        return new VmMetadata(worker, vmId, Optional.of("acme"), Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void adoptsARunningVmOfThisWorkerUnderTheAdoptPolicy() {
        var decision = Reconciliation.decide(ReconcilePolicy.ADOPT, NAMES, ours("vm1", true));

        assertThat(decision).isEqualTo(new Decision.Adopt(ours("vm1", true), metadata("w1", "vm1")));
    }

    @Test
    void destroysEveryVmOfThisWorkerUnderTheDestroyPolicy() {
        assertThat(Reconciliation.decide(
                        ReconcilePolicy.DESTROY, NAMES, List.of(ours("vm1", true), ours("vm2", false))))
                .allMatch(d -> d instanceof Decision.Destroy);
    }

    @Test
    void destroysAStoppedVmOfThisWorkerEvenUnderTheAdoptPolicy() {
        assertThat(Reconciliation.decide(ReconcilePolicy.ADOPT, NAMES, ours("vm1", false)))
                .isInstanceOf(Decision.Destroy.class);
    }

    @Test
    void neverAdoptsALeftoverProbeVm() {
        assertThat(Reconciliation.decide(ReconcilePolicy.ADOPT, NAMES, ours("probe-kvm", true)))
                .isInstanceOf(Decision.Destroy.class);
    }

    @Test
    void destroysARunningVmWhoseNameDoesNotMatchItsId() {
        var renamed = new FoundDomain(NAMES.prefix() + "other", true, Optional.of(metadata("w1", "vm1")));

        assertThat(Reconciliation.decide(ReconcilePolicy.ADOPT, NAMES, renamed)).isInstanceOf(Decision.Destroy.class);
    }

    @Test
    void leavesAloneDomainsOfOtherWorkersAndWithoutMetadata() {
        // Worker "w1-b"'s domains share worker "w1"'s name prefix: metadata tells them apart.
        var otherWorker = new FoundDomain("arclight-w1-b-vm1", true, Optional.of(metadata("w1-b", "vm1")));
        var noMetadata = new FoundDomain(NAMES.domainName("vm9"), true, Optional.empty());

        for (var policy : ReconcilePolicy.values()) {
            assertThat(Reconciliation.decide(policy, NAMES, List.of(otherWorker, noMetadata)))
                    .allMatch(d -> d instanceof Decision.Ignore);
        }
    }

    @Test
    void namesDomainsAfterTheWorkerWithUnsafeCharactersReplaced() {
        assertThat(new DomainNames("Host_1.example").domainName("vm1")).isEqualTo("arclight-host-1-example-vm1");
    }
}
