package dev.arclight.placement.worker;

import dev.arclight.contracts.invocation.TimeoutBudget;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The workers this placement instance calls and how long it waits for them. Until pool-service
 * hands out VMs, the list is static configuration; the invoke timeout is per call (the function's
 * timeout plus {@code invokeTimeoutMargin}), the others are fixed. Boot, start and invoke default to
 * placement's share of the invocation's {@link TimeoutBudget} (docs/architecture.md, "The time
 * budget"): set one higher only together with the layers around it.
 *
 * @param workers the workers' ids and API base URLs
 * @param connectTimeout how long to wait for a TCP connection to a worker
 * @param bootTimeout how long booting a VM may take (TCG boots take seconds)
 * @param startTimeout how long starting a container (runtime warm-up) may take
 * @param callTimeout how long the other calls (stop, destroy, capacity) may take
 * @param invokeTimeoutMargin what an invocation may take beyond the function's own timeout before
 *     placement gives up on the worker
 */
@Validated
@ConfigurationProperties("arclight.placement")
public record WorkerProperties(
        @Valid List<Worker> workers,
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        Duration bootTimeout,
        Duration startTimeout,
        @DefaultValue("10s") @NotNull Duration callTimeout,
        Duration invokeTimeoutMargin) {

    public static final Worker DEFAULT_WORKER = new Worker("worker-1", URI.create("http://localhost:8084"));

    /** One worker: its id (as it reports itself) and its API's base URL. */
    public record Worker(
            @NotNull @Pattern(regexp = "[a-zA-Z0-9_.-]{1,64}")
            String id,

            @NotNull URI url) {}

    public WorkerProperties {
        workers = workers == null || workers.isEmpty() ? List.of(DEFAULT_WORKER) : List.copyOf(workers);
        if (new HashSet<>(workers.stream().map(Worker::id).toList()).size() != workers.size()) {
            throw new IllegalArgumentException("arclight.placement.workers must not name a worker id twice");
        }
        var budget = TimeoutBudget.DEFAULT;
        bootTimeout = bootTimeout == null ? budget.placementBoot() : bootTimeout;
        startTimeout = startTimeout == null ? budget.placementStart() : startTimeout;
        invokeTimeoutMargin = invokeTimeoutMargin == null ? budget.placementInvoke(Duration.ZERO) : invokeTimeoutMargin;
        positive(connectTimeout, "connect-timeout");
        positive(bootTimeout, "boot-timeout");
        positive(startTimeout, "start-timeout");
        positive(callTimeout, "call-timeout");
        if (invokeTimeoutMargin != null && invokeTimeoutMargin.isNegative()) {
            throw new IllegalArgumentException("arclight.placement.invoke-timeout-margin must not be negative");
        }
    }

    private static void positive(Duration value, String name) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException("arclight.placement." + name + " must be positive");
        }
    }
}
