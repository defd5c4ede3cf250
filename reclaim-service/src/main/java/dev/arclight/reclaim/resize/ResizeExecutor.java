package dev.arclight.reclaim.resize;

import dev.arclight.reclaim.decision.Decision;
import dev.arclight.reclaim.decision.DecisionLog;
import dev.arclight.reclaim.decision.DecisionStatus;
import dev.arclight.reclaim.worker.WorkerDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends recorded decisions to their workers, each on a virtual thread of its own, so the consumer
 * never waits for a worker. A decision is claimed first (a lease in PostgreSQL), so two instances
 * (after a rebalance, or the sweeper and the consumer) never send it at once; a claim that dies with
 * its instance lapses and the decision is sent again, with the same idempotency key and the same
 * absolute target, so resending cannot apply it twice. A decision older than its time to live is
 * not sent at all: its evidence is stale.
 */
public class ResizeExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResizeExecutor.class);

    private final DecisionLog decisions;
    private final WorkerDirectory workers;
    private final WorkerResizeClient client;
    private final Clock clock;
    private final Duration lease;
    private final Duration timeToLive;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    public ResizeExecutor(
            DecisionLog decisions,
            WorkerDirectory workers,
            WorkerResizeClient client,
            Clock clock,
            Duration lease,
            Duration timeToLive) {
        this.decisions = decisions;
        this.workers = workers;
        this.client = client;
        this.clock = clock;
        this.lease = lease;
        this.timeToLive = timeToLive;
    }

    public void submit(Decision decision) {
        threads.execute(() -> {
            try {
                apply(decision.id());
            } catch (RuntimeException e) {
                // Left pending; the sweeper sends it again once the claim lapses.
                log.warn("could not apply decision {}: {}", decision.idempotencyKey(), e.toString());
            }
        });
    }

    void apply(Long id) {
        if (!decisions.claim(id, lease)) {
            return;
        }
        var decision = decisions.find(id).orElseThrow();
        if (Duration.between(decision.decidedAt(), clock.instant()).compareTo(timeToLive) > 0) {
            decisions.move(id, new DecisionStatus.Expired());
            return;
        }
        var url = workers.apiUrlOf(decision.workerId());
        if (url.isEmpty()) {
            decisions.move(id, new DecisionStatus.Skipped("no capacity report from worker " + decision.workerId()));
            return;
        }
        var outcome = client.resize(
                decision.workerId(), url.get(), decision.vmId(), decision.targetMemoryMib(), decision.idempotencyKey());
        switch (outcome) {
            case ResizeOutcome.Accepted accepted -> decisions.move(id, new DecisionStatus.Applied());
            case ResizeOutcome.Refused refused ->
                decisions.move(id, new DecisionStatus.Rejected(refused.status() + " " + refused.body()));
            case ResizeOutcome.Unreachable unreachable ->
                decisions.move(id, new DecisionStatus.Failed(unreachable.reason()));
            case ResizeOutcome.BreakerOpen open ->
                decisions.move(id, new DecisionStatus.Skipped("breaker of worker " + decision.workerId() + " open"));
            case ResizeOutcome.Crowded crowded -> decisions.release(id);
        }
    }

    /**
     * Interrupts commands in flight rather than wait for them: they stay pending under a claim that
     * lapses, and whoever runs next sends them again (a crash leaves the same state).
     */
    @Override
    public void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
