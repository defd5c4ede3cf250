package dev.arclight.reclaim.resize;

import dev.arclight.reclaim.decision.DecisionLog;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends again what is still pending: decisions whose instance died between recording and sending
 * them (their offset committed, so no replay brings them back), and decisions a full bulkhead
 * turned away. Claims keep it from racing the consumer's own sending.
 */
public class PendingSweeper {

    private final DecisionLog decisions;
    private final ResizeExecutor executor;

    public PendingSweeper(DecisionLog decisions, ResizeExecutor executor) {
        this.decisions = decisions;
        this.executor = executor;
    }

    @Scheduled(
            fixedDelayString = "${arclight.reclaim.sweep-interval}",
            initialDelayString = "${arclight.reclaim.sweep-interval}")
    public void sweep() {
        decisions.pending(100).forEach(executor::submit);
    }
}
