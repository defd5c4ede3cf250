package dev.arclight.pool.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.VmLifecycle.Warm;
import dev.arclight.pool.vm.WarmVm;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimDecisionTests {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final ClaimDecision decision = new ClaimDecision(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));

    @Test
    void aVmThatHoldsTheFunctionIsTakenWithoutResize() {
        var ranked = decision.rank(claim("a", "python3.11", 256), List.of(warm("vm-1", 512, null, 10)));

        assertThat(ranked).singleElement().satisfies(c -> {
            assertThat(c.vmId()).isEqualTo("vm-1");
            assertThat(c.resize()).isFalse();
            assertThat(c.memoryMib()).isEqualTo(512);
        });
    }

    @Test
    void aSmallerVmIsGrownToExactlyTheFunctionsMemory() {
        var ranked = decision.rank(claim("a", "python3.11", 1024), List.of(warm("vm-1", 512, null, 10)));

        assertThat(ranked).singleElement().satisfies(c -> {
            assertThat(c.resize()).isTrue();
            assertThat(c.memoryMib()).isEqualTo(1024);
        });
    }

    @Test
    void withHeadroomAVmHoldsTheFunctionOnlyWithTheHeadroomOnTop() {
        var withHeadroom = new ClaimDecision(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1), 160);

        var fits = withHeadroom.rank(claim("a", "python3.11", 352), List.of(warm("vm-1", 512, null, 10)));
        var grows = withHeadroom.rank(claim("a", "python3.11", 353), List.of(warm("vm-1", 512, null, 10)));

        assertThat(fits).singleElement().satisfies(c -> assertThat(c.resize()).isFalse());
        assertThat(grows).singleElement().satisfies(c -> {
            assertThat(c.resize()).isTrue();
            assertThat(c.memoryMib()).isEqualTo(353 + 160);
        });
    }

    @Test
    void withHeadroomAVmIsGrownNoFurtherThanItsMaximum() {
        var withHeadroom = new ClaimDecision(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1), 160);

        var ranked = withHeadroom.rank(claim("a", "python3.11", 2000), List.of(warm("vm-1", 512, null, 10)));

        assertThat(ranked)
                .singleElement()
                .satisfies(c -> assertThat(c.memoryMib()).isEqualTo(2048));
    }

    @Test
    void withHeadroomTheVmThatHoldsFunctionAndHeadroomComesBeforeOneThatHoldsOnlyTheFunction() {
        var withHeadroom = new ClaimDecision(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1), 160);

        var ranked = withHeadroom.rank(
                claim("a", "python3.11", 512),
                List.of(warm("vm-exact", 512, null, 10), warm("vm-roomy", 1024, null, 10)));

        assertThat(ranked).extracting(ClaimDecision.ClaimChoice::vmId).containsExactly("vm-roomy", "vm-exact");
    }

    @Test
    void aVmWhoseMaximumCannotHoldTheFunctionIsNotEligible() {
        var vm = new WarmVm(vm("vm-1", 512, 1024, List.of("python3.11"), 10), null);

        assertThat(decision.rank(claim("a", "python3.11", 1025), List.of(vm))).isEmpty();
        assertThat(decision.rank(claim("a", "python3.11", 1024), List.of(vm))).hasSize(1);
    }

    @Test
    void aVmWithoutTheRuntimeIsNotEligible() {
        var vm = new WarmVm(vm("vm-1", 512, 2048, List.of("nodejs18.x", "provided"), 10), null);

        assertThat(decision.rank(claim("a", "python3.11", 256), List.of(vm))).isEmpty();
        assertThat(decision.rank(claim("a", "provided", 256), List.of(vm))).hasSize(1);
    }

    @Test
    void aSubPoolReservedForAnotherTenantIsNeverOffered() {
        var ranked = decision.rank(claim("b", "python3.11", 256), List.of(warm("vm-a", 512, "a", 10)));

        assertThat(ranked).isEmpty();
    }

    @Test
    void theTenantsReservedSubPoolComesBeforeABetterFittingSharedOne() {
        var ranked = decision.rank(
                claim("a", "python3.11", 512),
                List.of(warm("shared-exact", 512, null, 10), warm("reserved-big", 2048, "a", 10)));

        assertThat(ranked).extracting(ClaimDecision.ClaimChoice::vmId).containsExactly("reserved-big", "shared-exact");
    }

    @Test
    void fittingVmsComeBeforeOnesThatMustGrowAndTheClosestFitFirst() {
        var ranked = decision.rank(
                claim("a", "python3.11", 700),
                List.of(
                        warm("small-512", 512, null, 10),
                        warm("big-2048", 2048, null, 10),
                        warm("fit-1024", 1024, null, 10),
                        warm("tiny-256", 256, null, 10)));

        assertThat(ranked)
                .extracting(ClaimDecision.ClaimChoice::vmId)
                .containsExactly("fit-1024", "big-2048", "small-512", "tiny-256");
        assertThat(ranked).extracting(ClaimDecision.ClaimChoice::resize).containsExactly(false, false, true, true);
    }

    @Test
    void amongEqualFitsTheLongestWarmComesFirstThenTheVmId() {
        var ranked = decision.rank(
                claim("a", "python3.11", 512),
                List.of(warm("vm-b", 512, null, 5), warm("vm-c", 512, null, 30), warm("vm-a", 512, null, 5)));

        assertThat(ranked).extracting(ClaimDecision.ClaimChoice::vmId).containsExactly("vm-c", "vm-a", "vm-b");
    }

    @Test
    void aVmWarmForTheMaximumAgeOrLongerIsNotOffered() {
        var ranked = decision.rank(
                claim("a", "python3.11", 256),
                List.of(warm("at-age", 512, null, 60), warm("older", 512, null, 61), warm("young", 512, null, 59)));

        assertThat(ranked).extracting(ClaimDecision.ClaimChoice::vmId).containsExactly("young");
    }

    @Test
    void noWarmVmsMeansNoChoice() {
        assertThat(decision.rank(claim("a", "python3.11", 256), List.of())).isEmpty();
    }

    private static ClaimVmRequest claim(String tenant, String runtime, long memory) {
        return new ClaimVmRequest(tenant, runtime, memory, "placement-0");
    }

    private static WarmVm warm(String id, long memory, String reservedFor, int minutesWarm) {
        return new WarmVm(vm(id, memory, Math.max(memory, 2048), List.of("python3.11"), minutesWarm), reservedFor);
    }

    private static PooledVm vm(String id, long memory, long max, List<String> runtimes, int minutesWarm) {
        return new PooledVm(
                id,
                "sp",
                "w",
                URI.create("http://w"),
                runtimes,
                memory,
                max,
                new Warm(NOW.minus(Duration.ofMinutes(minutesWarm)), "boot"));
    }
}
