package dev.arclight.pool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.worker.WorkerCapacity;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerReportHeardByTests {

    private static final Instant LISTENING = Instant.parse("2026-12-02T06:00:00Z");

    @Test
    void aReportFromBeforeThisInstanceListenedCountsAsHeardWhenItStartedListening() {
        var old = report(LISTENING.minusSeconds(90));

        assertThat(WorkerInventory.heardBy(old, LISTENING).receivedAt()).isEqualTo(LISTENING);
        assertThat(WorkerInventory.heardBy(old, LISTENING).capacity()).isEqualTo(old.capacity());
    }

    @Test
    void aReportHeardSinceKeepsItsOwnTime() {
        var fresh = report(LISTENING.plusSeconds(5));

        assertThat(WorkerInventory.heardBy(fresh, LISTENING)).isEqualTo(fresh);
        assertThat(WorkerInventory.heardBy(report(LISTENING), LISTENING).receivedAt())
                .isEqualTo(LISTENING);
    }

    private static WorkerReport report(Instant receivedAt) {
        return new WorkerReport(
                new WorkerCapacity("worker-a", URI.create("http://worker-a:8084"), 8192, 0, 2, 0, 0, receivedAt),
                receivedAt);
    }
}
