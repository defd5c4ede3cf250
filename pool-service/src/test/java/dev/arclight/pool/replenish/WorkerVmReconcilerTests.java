package dev.arclight.pool.replenish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.VmLifecycle;
import dev.arclight.pool.vm.VmLifecycle.Booting;
import dev.arclight.pool.vm.VmLifecycle.Warm;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link WorkerVmReconciler#missing}: which pooled VMs a worker's VM list shows are gone. */
class WorkerVmReconcilerTests {

    private static final Instant LISTED_AT = Instant.parse("2026-12-02T06:00:00Z");

    @Test
    void aWarmVmTheWorkerNoLongerListsIsMissing() {
        var gone = vm("pool-gone", new Warm(LISTED_AT.minusSeconds(30), "restore"));
        var kept = vm("pool-kept", new Warm(LISTED_AT.minusSeconds(30), "restore"));

        assertThat(WorkerVmReconciler.missing(List.of(gone, kept), Set.of("pool-kept"), LISTED_AT))
                .containsExactly(gone);
    }

    @Test
    void aVmThatTurnedWarmAfterTheListWasAskedForIsNotJudgedByIt() {
        var late = vm("pool-late", new Warm(LISTED_AT.plusMillis(1), "restore"));
        var same = vm("pool-same", new Warm(LISTED_AT, "restore"));

        assertThat(WorkerVmReconciler.missing(List.of(late, same), Set.of(), LISTED_AT))
                .isEmpty();
    }

    @Test
    void aBootingVmIsNeverMissingTheWorkerMayNotListItYet() {
        var booting = vm("pool-booting", new Booting(LISTED_AT.minus(Duration.ofMinutes(2))));

        assertThat(WorkerVmReconciler.missing(List.of(booting), Set.of(), LISTED_AT))
                .isEmpty();
    }

    @Test
    void vmsTheWorkerHasThatTheBooksDoNotHoldChangeNothing() {
        var kept = vm("pool-kept", new Warm(LISTED_AT.minusSeconds(5), "boot"));

        assertThat(WorkerVmReconciler.missing(
                        List.of(kept), Set.of("pool-kept", "vm-of-placement", "template-x"), LISTED_AT))
                .isEmpty();
    }

    @Test
    void anEmptyListFromAWorkerMeansEveryWarmVmOfItIsMissing() {
        var a = vm("pool-a", new Warm(LISTED_AT.minusSeconds(60), "boot"));
        var b = vm("pool-b", new Warm(LISTED_AT.minusSeconds(1), "restore"));

        assertThat(WorkerVmReconciler.missing(List.of(a, b), Set.of(), LISTED_AT))
                .containsExactly(a, b);
    }

    private static PooledVm vm(String id, VmLifecycle lifecycle) {
        return new PooledVm(id, "py", "w1", URI.create("http://w1"), List.of("python3.11"), 512, 2048, lifecycle);
    }
}
