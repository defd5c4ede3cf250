package dev.arclight.pool.replenish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.worker.WorkerCapacity;
import dev.arclight.pool.replenish.ReplenishmentPlanner.Boot;
import dev.arclight.pool.replenish.ReplenishmentPlanner.Plan;
import dev.arclight.pool.replenish.ReplenishmentPlanner.Retire;
import dev.arclight.pool.subpool.SubPoolDefinition;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.VmLifecycle;
import dev.arclight.pool.vm.VmLifecycle.Booting;
import dev.arclight.pool.vm.VmLifecycle.Warm;
import dev.arclight.pool.worker.WorkerReport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplenishmentPlannerTests {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final ReplenishProperties properties = new ReplenishProperties(
            true,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            1024,
            2,
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            "restore");
    private final ReplenishmentPlanner planner = new ReplenishmentPlanner(Clock.fixed(NOW, ZoneOffset.UTC), properties);

    private final List<SubPoolDefinition> subPools = new ArrayList<>();
    private final Map<String, Integer> targets = new HashMap<>();
    private final List<PooledVm> vms = new ArrayList<>();
    private final List<WorkerReport> workers = new ArrayList<>();
    private final Map<String, Instant> failures = new HashMap<>();

    @Test
    void bootsTheMissingVmsOfASubPoolUpToItsTarget() {
        subPool("py", 512, null, 1, 4, 3);
        worker("w1", 16384, 0, 0);
        vm("vm-1", "py", "w1", 512, warm(1));

        var plan = plan();

        assertThat(plan.boots()).hasSize(2).allSatisfy(b -> {
            assertThat(b.subPool().id()).isEqualTo("py");
            assertThat(b.workerId()).isEqualTo("w1");
        });
        assertThat(plan.retires()).isEmpty();
        assertThat(plan.shortfall()).containsEntry("py", 0);
    }

    @Test
    void aSubPoolWithoutATargetAimsAtItsMinSize() {
        subPool("py", 512, null, 2, 4, null);
        worker("w1", 16384, 0, 0);

        assertThat(plan().boots()).hasSize(2);
    }

    @Test
    void aSubPoolAtTargetGetsNoBoots() {
        subPool("py", 512, null, 1, 4, 2);
        worker("w1", 16384, 0, 0);
        vm("vm-1", "py", "w1", 512, warm(1));
        vm("vm-2", "py", "w1", 512, booting(1));

        assertThat(plan().boots()).isEmpty();
    }

    @Test
    void eachBootGoesToTheWorkerWithTheMostRoomAndTakesItsMemory() {
        subPool("py", 2048, null, 3, 3, 3);
        worker("small", 6000, 0, 0); // room 6000 - 1024 = 4976
        worker("big", 9000, 0, 0); // room 7976

        var plan = plan();

        // big (7976), then big (5928 > 4976), then small: big has its two boots (max-boots-per-worker).
        assertThat(plan.boots()).extracting(Boot::workerId).containsExactly("big", "big", "small");
    }

    @Test
    void tiesGoToTheWorkerWithFewerPooledVmsThenTheLowestId() {
        subPool("py", 512, null, 1, 1, 1);
        worker("w-b", 8192, 0, 0);
        worker("w-a", 8192, 0, 0);
        assertThat(plan().boots()).extracting(Boot::workerId).containsExactly("w-a");

        // w-a now holds a warm VM of another sub-pool; its reported free memory already counts it.
        subPool("other", 512, null, 1, 1, 1);
        vm("vm-o", "other", "w-a", 512, warm(1));
        assertThat(plan().boots()).extracting(Boot::workerId).containsExactly("w-b");
    }

    @Test
    void subPoolsTakeTurnsReservedOnesFirst() {
        subPool("a-shared", 512, null, 2, 2, 2);
        subPool("z-reserved", 512, "tenant-a", 2, 2, 2);
        worker("w1", 16384, 0, 0);
        worker("w2", 16384, 0, 0);

        assertThat(plan().boots())
                .extracting(b -> b.subPool().id())
                .containsExactly("z-reserved", "a-shared", "z-reserved", "a-shared");
    }

    @Test
    void aWorkerBootsAtMostMaxBootsPerWorkerAtOnceWithoutCountingAShortfall() {
        subPool("py", 512, null, 5, 5, 5);
        worker("w1", 16384, 0, 0);
        vm("vm-1", "py", "w1", 512, booting(1));

        var plan = plan();

        assertThat(plan.boots()).hasSize(1);
        assertThat(plan.shortfall()).containsEntry("py", 0);
    }

    @Test
    void whatNoWorkerHasRoomForIsTheShortfall() {
        subPool("py", 4096, null, 3, 3, 3);
        worker("w1", 10000, 0, 0); // room 8976: two 4096 VMs

        var plan = plan();

        assertThat(plan.boots()).hasSize(2);
        assertThat(plan.shortfall()).containsEntry("py", 1);
    }

    @Test
    void theReserveStaysFreeOnEveryWorker() {
        subPool("py", 512, null, 1, 1, 1);
        worker("w1", 1535, 0, 0); // room 511

        var plan = plan();

        assertThat(plan.boots()).isEmpty();
        assertThat(plan.shortfall()).containsEntry("py", 1);
    }

    @Test
    void memoryOfBootsTheLastReportCannotKnowIsNotCountedAsRoom() {
        subPool("py", 2048, null, 2, 2, 2);
        worker("w1", 4096 + 1024, 0, 10); // report received 10 s ago: room 4096 as reported
        vm("vm-new", "py", "w1", 2048, booting(5)); // began after the report
        vm("vm-old", "py", "w1", 2048, warm(1)); // in the report already

        assertThat(plan().boots()).isEmpty();
        assertThat(plan().shortfall()).containsEntry("py", 0);

        targets.put("py", 3);
        assertThat(plan().boots()).hasSize(1);
    }

    @Test
    void aVmThatTurnedWarmWithinTheReportLagAndEveryBootingVmTakeRoomTheReportMayNotShow() {
        subPool("py", 2048, null, 0, 4, 4);
        worker("w1", 6144 + 1024, 0, 10); // room 6144 as reported 10 s ago
        vm("warm-after", "py", "w1", 2048, new Warm(NOW.minusSeconds(15), "boot")); // 5 s before the report
        vm("booting-before", "py", "w1", 2048, booting(20));

        // 6144 - 2048 - 2048 leaves room for one more 2048 MiB VM, not three.
        assertThat(plan().boots()).hasSize(1);
    }

    @Test
    void aWorkerWhoseReportsStoppedHasItsVmsWrittenOffAndReplacedElsewhere() {
        subPool("py", 512, null, 2, 2, 2);
        worker("lost", 16384, 0, 30);
        worker("alive", 16384, 0, 29);
        vm("vm-1", "py", "lost", 512, warm(1));
        vm("vm-2", "py", "lost", 512, booting(1));

        var plan = plan();

        assertThat(plan.retires()).extracting(Retire::reason).containsOnly("worker-lost");
        assertThat(plan.retires()).extracting(r -> r.vm().vmId()).containsExactlyInAnyOrder("vm-1", "vm-2");
        assertThat(plan.boots()).extracting(Boot::workerId).containsExactly("alive", "alive");
    }

    @Test
    void aVmOnAWorkerThePoolNeverHeardOfIsWrittenOff() {
        subPool("py", 512, null, 0, 1, 0);
        vm("vm-1", "py", "ghost", 512, warm(1));

        assertThat(plan().retires()).extracting(Retire::reason).containsExactly("worker-lost");
    }

    @Test
    void vmsOfADeletedSubPoolAreRetired() {
        worker("w1", 16384, 0, 0);
        vm("vm-1", "gone", "w1", 512, warm(1));

        assertThat(plan().retires()).extracting(Retire::reason).containsExactly("sub-pool-gone");
    }

    @Test
    void aWarmVmAtItsMaximumAgeIsRetiredAndReplaced() {
        subPool("py", 512, null, 2, 2, 2);
        worker("w1", 16384, 0, 0);
        vm("old", "py", "w1", 512, new Warm(NOW.minus(Duration.ofHours(1)), "boot"));
        vm("young", "py", "w1", 512, new Warm(NOW.minus(Duration.ofMinutes(59)), "boot"));

        var plan = plan();

        assertThat(plan.retires()).singleElement().satisfies(r -> {
            assertThat(r.vm().vmId()).isEqualTo("old");
            assertThat(r.reason()).isEqualTo("expired");
        });
        assertThat(plan.boots()).hasSize(1);
    }

    @Test
    void aBootRunningForTheBootTimeoutIsRetired() {
        subPool("py", 512, null, 1, 1, 1);
        worker("w1", 16384, 0, 0);
        vm("stuck", "py", "w1", 512, new Booting(NOW.minus(Duration.ofMinutes(5))));
        vm("fresh", "py", "w1", 512, new Booting(NOW.minus(Duration.ofMinutes(4))));

        assertThat(plan().retires()).singleElement().satisfies(r -> {
            assertThat(r.vm().vmId()).isEqualTo("stuck");
            assertThat(r.reason()).isEqualTo("boot-timed-out");
        });
    }

    @Test
    void aSubPoolOverItsMaxRetiresItsLongestWarmVms() {
        subPool("py", 512, null, 0, 1, 1);
        worker("w1", 16384, 0, 0);
        vm("oldest", "py", "w1", 512, warm(30));
        vm("newer", "py", "w1", 512, warm(10));
        vm("booting", "py", "w1", 512, booting(1));

        var plan = plan();

        assertThat(plan.retires()).extracting(r -> r.vm().vmId()).containsExactly("oldest", "newer");
        assertThat(plan.retires()).extracting(Retire::reason).containsOnly("surplus");
        assertThat(plan.boots()).isEmpty();
    }

    @Test
    void aWorkerWhoseBootFailedGetsNoBootsUntilTheBackoffEnds() {
        subPool("py", 512, null, 1, 1, 1);
        worker("w1", 16384, 0, 0);
        failures.put("w1", NOW.minusSeconds(29));

        var plan = plan();
        assertThat(plan.boots()).isEmpty();
        assertThat(plan.shortfall()).containsEntry("py", 1);

        failures.put("w1", NOW.minusSeconds(30));
        assertThat(plan().boots()).hasSize(1);
    }

    @Test
    void withNoWorkersTheWholeTargetIsTheShortfall() {
        subPool("py", 512, null, 2, 2, 2);

        var plan = plan();

        assertThat(plan.boots()).isEmpty();
        assertThat(plan.shortfall()).containsEntry("py", 2);
    }

    private Plan plan() {
        return planner.plan(subPools, targets, vms, workers, failures);
    }

    private void subPool(String id, long memory, String tenant, int min, int max, Integer target) {
        subPools.add(
                new SubPoolDefinition(id, List.of("python3.11"), memory, Math.max(memory, 2048), tenant, min, max));
        if (target != null) {
            targets.put(id, target);
        }
    }

    private void worker(String id, long memory, long committed, int secondsAgo) {
        var received = NOW.minusSeconds(secondsAgo);
        workers.add(new WorkerReport(
                new WorkerCapacity(id, URI.create("http://" + id), memory, committed, 2, 0, 0, received), received));
    }

    private void vm(String id, String subPool, String worker, long memory, VmLifecycle lifecycle) {
        vms.add(new PooledVm(
                id,
                subPool,
                worker,
                URI.create("http://" + worker),
                List.of("python3.11"),
                memory,
                Math.max(memory, 2048),
                lifecycle));
    }

    private static Warm warm(int minutes) {
        return new Warm(NOW.minus(Duration.ofMinutes(minutes)), "boot");
    }

    private static Booting booting(int seconds) {
        return new Booting(NOW.minusSeconds(seconds));
    }
}
