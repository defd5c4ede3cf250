package dev.arclight.pool.metrics;

import dev.arclight.pool.vm.PooledVms.StateCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The pool's metrics: {@code arclight.pool.vms} (gauge, tags {@code state}, {@code sub_pool}: the
 * books in PostgreSQL, so every instance reports the same whole-pool numbers), {@code
 * arclight.pool.claims} (counter, tag {@code result=hit|miss}) and {@code
 * arclight.pool.replenishments} (timer of successful boots, tag {@code method=boot|restore} as the
 * worker reports it) and {@code arclight.pool.target} (gauge, tag {@code sub_pool}: the target the last
 * replenishment round of this instance chose).
 */
public class PoolMetrics {

    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter misses;
    private final MultiGauge vms;
    private final MultiGauge targets;

    public PoolMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.hits = Counter.builder("arclight.pool.claims")
                .description("claims of warm VMs")
                .tag("result", "hit")
                .register(registry);
        this.misses = Counter.builder("arclight.pool.claims")
                .description("claims of warm VMs")
                .tag("result", "miss")
                .register(registry);
        this.vms = MultiGauge.builder("arclight.pool.vms")
                .description("pooled VMs by state and sub-pool")
                .register(registry);
        this.targets = MultiGauge.builder("arclight.pool.target")
                .description("the VMs (warm or booting) each sub-pool aims at, as the last replenishment round chose")
                .register(registry);
    }

    /** Replaces the targets by sub-pool id; a sub-pool no longer present disappears. */
    public void targets(Map<String, Integer> bySubPool) {
        targets.register(
                bySubPool.entrySet().stream()
                        .map(e -> MultiGauge.Row.of(Tags.of("sub_pool", e.getKey()), e.getValue()))
                        .toList(),
                true);
    }

    public void claimed(boolean hit) {
        (hit ? hits : misses).increment();
    }

    public void replenished(String method, Duration took) {
        Timer.builder("arclight.pool.replenishments")
                .description("VMs started for the pool, by how the worker started them")
                .tag("method", "restore".equals(method) ? "restore" : "boot")
                .register(registry)
                .record(took);
    }

    /** Replaces the VM counts; a (sub-pool, state) no longer present disappears. */
    public void counts(List<StateCount> counts) {
        vms.register(
                counts.stream()
                        .map(c -> MultiGauge.Row.of(Tags.of("state", c.state(), "sub_pool", c.subPoolId()), c.count()))
                        .toList(),
                true);
    }
}
