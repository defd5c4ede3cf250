package dev.arclight.reclaim.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** The {@code arclight.reclaim.*} meters (docs/operations.md lists them). */
@Component
public class ReclaimMetrics {

    private final MeterRegistry registry;
    private final Counter reclaimed;
    private final Counter malformed;
    private final Timer memoryBack;

    ReclaimMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reclaimed = Counter.builder("arclight.reclaim.reclaimed.memory")
                .description("MiB that settled shrinks gave back to their hosts")
                .baseUnit("mebibytes")
                .register(registry);
        this.malformed = Counter.builder("arclight.reclaim.rejected.events")
                .description("utilization events that could not be read or processed, skipped")
                .register(registry);
        this.memoryBack = Timer.builder("arclight.reclaim.memory.back")
                .description("from the worker accepting a shrink to a sample showing the balloon at its target")
                .register(registry);
    }

    void decided(Decision decision) {
        Counter.builder("arclight.reclaim.decisions")
                .description("resize decisions made")
                .tag("direction", decision.direction().name())
                .tag("reason", decision.reason())
                .register(registry)
                .increment();
    }

    void moved(Decision decision) {
        Counter.builder("arclight.reclaim.outcomes")
                .description("resize decisions reaching a status")
                .tag("status", decision.status())
                .register(registry)
                .increment();
        reclaimed.increment(decision.reclaimedMib());
        if ("DONE".equals(decision.status()) && decision.appliedAt() != null && decision.settledAt() != null) {
            memoryBack.record(Duration.between(decision.appliedAt(), decision.settledAt()));
        }
    }

    public void rejectedEvent() {
        malformed.increment();
    }

    public void resizeCall(String worker, String outcome, Duration took) {
        Timer.builder("arclight.reclaim.resize.calls")
                .description("resize commands sent to workers, retries included, by outcome")
                .tag("worker", worker)
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }
}
