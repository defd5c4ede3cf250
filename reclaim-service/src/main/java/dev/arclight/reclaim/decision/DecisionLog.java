package dev.arclight.reclaim.decision;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.utilization.VmUtilization;
import dev.arclight.reclaim.policy.LastResize;
import dev.arclight.reclaim.policy.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The decision log in PostgreSQL: every decision is written before it is acted on, and each
 * change of its status is written, then published on {@link Topics#VM_RESIZES}. The unique
 * idempotency key makes recording a decision for a sample already decided on return the first
 * decision, so a replay cannot make a second one.
 */
@Service
public class DecisionLog {

    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private final DecisionRepository decisions;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, Object> kafka;
    private final ReclaimMetrics metrics;
    private final Clock clock;

    DecisionLog(
            DecisionRepository decisions,
            TransactionTemplate transactions,
            KafkaTemplate<String, Object> kafka,
            ReclaimMetrics metrics,
            Clock clock) {
        this.decisions = decisions;
        this.transactions = transactions;
        this.kafka = kafka;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Optional<Decision> forSample(VmUtilization sample) {
        return decisions.findByIdempotencyKey(Decision.keyOf(sample.vmId(), sample.sampledAt()));
    }

    public Optional<LastResize> last(String vmId) {
        return decisions.findFirstByVmIdOrderByDecidedAtDesc(vmId).map(Decision::asLast);
    }

    public Optional<Decision> appliedOf(String vmId) {
        return decisions.findFirstByVmIdAndStatusOrderByDecidedAtDesc(vmId, "APPLIED");
    }

    public Optional<Decision> find(Long id) {
        return decisions.findById(id);
    }

    /** Records the decision; a sample already decided on yields the decision made then. */
    public Decision record(VmUtilization sample, Verdict.Resize resize) {
        var key = Decision.keyOf(sample.vmId(), sample.sampledAt());
        Decision recorded;
        try {
            recorded = transactions.execute(tx -> decisions.saveAndFlush(new Decision(
                    key,
                    sample.vmId(),
                    sample.workerId(),
                    sample.tenant(),
                    resize.direction(),
                    resize.reason(),
                    resize.fromMib(),
                    resize.targetMib(),
                    resize.backoffLevel(),
                    sample.sampledAt(),
                    clock.instant())));
        } catch (DataIntegrityViolationException e) {
            // Another instance (a rebalance) or an earlier run decided on this very sample.
            return decisions.findByIdempotencyKey(key).orElseThrow(() -> e);
        }
        log.info(
                "decided {} of VM {} on {}: {} -> {} MiB ({})",
                resize.direction(),
                sample.vmId(),
                sample.workerId(),
                resize.fromMib(),
                resize.targetMib(),
                resize.reason());
        metrics.decided(recorded);
        publish(recorded);
        return recorded;
    }

    /** Takes a pending decision for {@code lease}; false if it is settled, applied or held elsewhere. */
    public boolean claim(Long id, Duration lease) {
        var now = clock.instant();
        return Boolean.TRUE.equals(transactions.execute(tx -> decisions.claim(id, now, now.plus(lease)) == 1));
    }

    public void release(Long id) {
        transactions.executeWithoutResult(tx -> decisions.release(id));
    }

    public Decision move(Long id, DecisionStatus next) {
        var moved = transactions.execute(tx -> {
            var decision = decisions.findById(id).orElseThrow();
            decision.moveTo(next, clock.instant());
            return decision;
        });
        metrics.moved(moved);
        publish(moved);
        return moved;
    }

    public List<Decision> pending(int limit) {
        return decisions.findByStatusOrderByDecidedAt("PENDING", Limit.of(limit));
    }

    public List<Decision> recentOf(String tenant, int limit) {
        return decisions.findByTenantOrderByDecidedAtDesc(tenant, Limit.of(limit));
    }

    public long reclaimedMibOf(String tenant) {
        return decisions.reclaimedMibOf(tenant);
    }

    private void publish(Decision decision) {
        kafka.send(Topics.VM_RESIZES, decision.vmId(), decision.event()).whenComplete((result, failure) -> {
            if (failure != null) {
                // The log in PostgreSQL is the record; the topic is a feed of it.
                log.warn("could not publish decision {}: {}", decision.idempotencyKey(), failure.toString());
            }
        });
    }
}
