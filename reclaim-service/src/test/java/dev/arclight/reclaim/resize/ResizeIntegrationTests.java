package dev.arclight.reclaim.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.utilization.VmUtilization;
import dev.arclight.reclaim.decision.Decision;
import dev.arclight.reclaim.policy.Direction;
import dev.arclight.reclaim.policy.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResizeIntegrationTests extends ReclaimIntegrationTest {

    @Test
    void shrinksAnIdleVmThroughItsWorkerAndRecordsAndPublishesTheOutcome() {
        known("w-ok", worker);
        var now = now();
        samples.idle("vm-idle", "w-ok", "t-idle", 512, 74, 416, now.minusSeconds(5));
        samples.idle("vm-idle", "w-ok", "t-idle", 512, 74, 416, now);

        await().atMost(WAIT).until(() -> worker.commandsFor("vm-idle").size() == 1);
        var command = worker.commandsFor("vm-idle").getFirst();
        assertThat(command.memoryMib()).isEqualTo(160); // the floor: 74 used + 64 headroom is below it
        assertThat(command.idempotencyKey()).isEqualTo("vm-idle@" + now.toEpochMilli());
        await().atMost(WAIT).until(() -> hasStatus("t-idle", "APPLIED"));

        samples.idle("vm-idle", "w-ok", "t-idle", 160, 74 + 330, 86, now());

        await().atMost(WAIT).until(() -> hasStatus("t-idle", "DONE"));
        var done = only("t-idle");
        assertThat(done.achievedMemoryMib()).isEqualTo(160);
        assertThat(done.reclaimedMib()).isEqualTo(352);
        assertThat(decisions.reclaimedMibOf("t-idle")).isEqualTo(352);
        assertThat(kafka.awaitRecord(
                        Topics.VM_RESIZES,
                        r -> r.value().contains(command.idempotencyKey())
                                && r.value().contains("\"DONE\""),
                        WAIT))
                .isPresent();
    }

    @Test
    void aMalformedEventIsSkippedAndItsPartitionMovesOn() {
        known("w-malformed", worker);
        var now = now();
        samples.raw("vm-malformed", "{ not json");
        samples.raw("vm-malformed", "{\"vmId\":\"vm-malformed\"}");
        samples.raw(
                "vm-malformed",
                "{\"vmId\":\"vm-malformed\",\"workerId\":\"w-malformed\",\"sampledAt\":\"" + now
                        + "\",\"allocatedMemoryMib\":128,\"balloonMemoryMib\":512}");
        samples.idle("vm-malformed", "w-malformed", "t-malformed", 512, 74, 416, now.minusSeconds(5));
        samples.idle("vm-malformed", "w-malformed", "t-malformed", 512, 74, 416, now);

        await().atMost(WAIT).until(() -> worker.commandsFor("vm-malformed").size() == 1);
    }

    @Test
    void aFailingWorkerIsRetriedThenSkippedByItsOpenBreakerWithoutStallingTheConsumer() {
        worker.mode = StandInWorker.Mode.FAIL;
        known("w-failing", worker);
        known("w-healthy", other);
        var now = now();
        idleTwice("vm-failing-0", "w-failing", "t-failing", now);

        // three attempts with back-off, then given up on; three failures do not open the breaker yet
        await().atMost(WAIT).until(() -> hasStatus("t-failing", "FAILED"));
        assertThat(worker.commandsFor("vm-failing-0")).hasSize(3);
        assertThat(only("t-failing").detail()).contains("500");

        var more = IntStream.range(1, 6).mapToObj(i -> "vm-failing-" + i).toList();
        more.forEach(vm -> idleTwice(vm, "w-failing", "t-failing", now));
        idleTwice("vm-healthy", "w-healthy", "t-healthy", now);

        await().atMost(WAIT).until(() -> other.commandsFor("vm-healthy").size() == 1);
        await().atMost(WAIT)
                .until(() -> decisions.recentOf("t-failing", 50).size() == 6
                        && decisions.recentOf("t-failing", 50).stream()
                                .allMatch(d -> !d.status().equals("PENDING")));
        var later = decisions.recentOf("t-failing", 50).stream()
                .filter(d -> !d.vmId().equals("vm-failing-0"))
                .toList();
        // the fourth failure opened the breaker: what follows is not sent at all
        assertThat(later)
                .extracting(Decision::status)
                .isSubsetOf("FAILED", "SKIPPED")
                .contains("SKIPPED");
        assertThat(worker.commands.size()).isLessThan(6 * 3);
        assertThat(client.breaker("w-failing").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(client.breaker("w-healthy").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aWorkerThatTimesOutDoesNotHoldUpOtherWorkersVms() {
        worker.mode = StandInWorker.Mode.HANG;
        known("w-hanging", worker);
        known("w-fine", other);
        var now = now();
        samples.idle("vm-hanging", "w-hanging", "t-hanging", 512, 74, 416, now.minusSeconds(5));
        samples.idle("vm-hanging", "w-hanging", "t-hanging", 512, 74, 416, now);
        await().atMost(WAIT).until(() -> worker.commandsFor("vm-hanging").size() == 1);

        samples.idle("vm-fine", "w-fine", "t-fine", 512, 74, 416, now.minusSeconds(5));
        samples.idle("vm-fine", "w-fine", "t-fine", 512, 74, 416, now);

        await().atMost(WAIT).until(() -> other.commandsFor("vm-fine").size() == 1);
        assertThat(only("t-hanging").status()).isIn("PENDING", "FAILED");
        await().atMost(WAIT).until(() -> hasStatus("t-hanging", "FAILED"));
        assertThat(worker.commandsFor("vm-hanging")).hasSize(3);
    }

    @Test
    void aReplayedSampleMakesNoSecondDecision() {
        known("w-replay", worker);
        var now = now();
        samples.idle("vm-replay", "w-replay", "t-replay", 512, 74, 416, now.minusSeconds(5));
        var json = samples.idle("vm-replay", "w-replay", "t-replay", 512, 74, 416, now);
        samples.raw("vm-replay", json);
        samples.idle("vm-replay", "w-replay", "t-replay", 512, 74, 416, now.minusSeconds(5));
        samples.raw("vm-replay", json);

        await().atMost(WAIT).until(() -> hasStatus("t-replay", "APPLIED"));
        quiet();
        assertThat(decisions.recentOf("t-replay", 10)).hasSize(1);
        assertThat(worker.commandsFor("vm-replay")).hasSize(1);
    }

    @Test
    void aDecisionRecordedButNeverSentIsSentOnceBySomeone() {
        known("w-orphan", worker);
        var sample =
                new VmUtilization("vm-orphan", "w-orphan", "t-orphan", 512, 512, 74, 416, List.of(), null, 0, now());
        // As an instance that died right after recording it would leave it: pending, unclaimed.
        decisions.record(sample, new Verdict.Resize(Direction.SHRINK, "IDLE", 512, 160, 0));

        await().atMost(WAIT).until(() -> hasStatus("t-orphan", "APPLIED"));
        quiet();
        assertThat(worker.commandsFor("vm-orphan")).hasSize(1);
    }
}
