package dev.arclight.pool.claim;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.pool.ClaimedVm;
import dev.arclight.pool.claim.ClaimDecision.ClaimChoice;
import dev.arclight.pool.metrics.PoolMetrics;
import dev.arclight.pool.replenish.ClaimRateTargets;
import dev.arclight.pool.replenish.SubPoolTargets;
import dev.arclight.pool.subpool.Runtimes;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.PooledVms;
import dev.arclight.pool.web.PoolException;
import dev.arclight.pool.worker.WorkerApi;
import dev.arclight.pool.worker.WorkerCallException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out claims: reads the warm VMs, lets {@link ClaimDecision} rank them, takes the first
 * still warm in one statement ({@link PooledVms#claimFirst}: safe against any number of concurrent
 * claims on any number of pool-service instances), then tells its worker the tenant and, when the
 * decision says so, the new memory. A VM whose worker fails either call is written off (destroyed,
 * its row deleted: it was already the tenant's and must never go back) and the next candidate is
 * tried, at most {@code attempts} times.
 */
public class ClaimService {

    private static final Logger log = LoggerFactory.getLogger(ClaimService.class);
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final PooledVms vms;
    private final WorkerApi workers;
    private final ClaimDecision decision;
    private final Clock clock;
    private final PoolMetrics metrics;
    private final int attempts;
    private final SubPoolTargets targets;

    public ClaimService(
            PooledVms vms, WorkerApi workers, ClaimDecision decision, Clock clock, PoolMetrics metrics, int attempts) {
        this(vms, workers, decision, clock, metrics, attempts, new ClaimRateTargets());
    }

    /** @param targets told of every claim, served or missed, so that learned targets follow demand */
    public ClaimService(
            PooledVms vms,
            WorkerApi workers,
            ClaimDecision decision,
            Clock clock,
            PoolMetrics metrics,
            int attempts,
            SubPoolTargets targets) {
        this.targets = targets;
        this.vms = vms;
        this.workers = workers;
        this.decision = decision;
        this.clock = clock;
        this.metrics = metrics;
        this.attempts = attempts;
    }

    /**
     * A claim and where its time went, in milliseconds: reading, ranking and taking the VM in the
     * books ({@code books}, every attempt), and its worker's assign and resize calls (the last
     * attempt's).
     */
    public record TimedClaim(ClaimedVm vm, double booksMs, double assignMs, double resizeMs) {}

    /** A warm VM now the tenant's, or empty when none fits (a miss: the caller boots one). */
    public Optional<ClaimedVm> claim(ClaimVmRequest request) {
        return claimTimed(request).map(TimedClaim::vm);
    }

    /** {@link #claim}, with the split of its time. */
    public Optional<TimedClaim> claimTimed(ClaimVmRequest request) {
        validate(request);
        long booksNanos = 0;
        var writtenOff = new HashSet<String>();
        for (int attempt = 0; attempt < attempts; attempt++) {
            long began = System.nanoTime();
            var ranked = decision.rank(request, vms.warmFor(request.tenant(), request.memoryMib())).stream()
                    .filter(choice -> !writtenOff.contains(choice.vmId()))
                    .toList();
            var taken = vms.claimFirst(
                    ranked.stream().map(ClaimChoice::vmId).toList(),
                    request.tenant(),
                    request.claimant(),
                    clock.instant());
            long tookAt = System.nanoTime();
            booksNanos += tookAt - began;
            if (taken.isEmpty()) {
                break;
            }
            var vm = taken.get();
            var choice = ranked.stream()
                    .filter(c -> c.vmId().equals(vm.vmId()))
                    .findFirst()
                    .orElseThrow();
            long assigned;
            try {
                workers.assign(vm.workerUrl(), vm.vmId(), request.tenant());
                assigned = System.nanoTime();
                if (choice.resize()) {
                    workers.resize(vm.workerUrl(), vm.vmId(), choice.memoryMib());
                }
            } catch (WorkerCallException e) {
                log.warn(
                        "claimed VM {} on {} could not be handed over ({}); writing it off",
                        vm.vmId(),
                        vm.workerId(),
                        e.getMessage());
                writtenOff.add(vm.vmId());
                writeOff(vm);
                continue;
            }
            long done = System.nanoTime();
            metrics.claimed(true);
            targets.claimed(vm.subPoolId());
            log.info(
                    "VM {} of sub-pool {} on {} claimed by tenant {}{} (books {} ms, assign {} ms, resize {} ms)",
                    vm.vmId(),
                    vm.subPoolId(),
                    vm.workerId(),
                    request.tenant(),
                    choice.resize() ? " (resized to " + choice.memoryMib() + " MiB)" : "",
                    booksNanos / 1_000_000,
                    (assigned - tookAt) / 1_000_000,
                    (done - assigned) / 1_000_000);
            var claimed = new ClaimedVm(
                    vm.vmId(),
                    vm.workerId(),
                    vm.workerUrl(),
                    vm.subPoolId(),
                    vm.runtimes(),
                    choice.memoryMib(),
                    vm.maxMemoryMib(),
                    choice.resize());
            return Optional.of(
                    new TimedClaim(claimed, booksNanos / 1e6, (assigned - tookAt) / 1e6, (done - assigned) / 1e6));
        }
        metrics.claimed(false);
        targets.missed(request.tenant(), request.runtime(), request.memoryMib());
        return Optional.empty();
    }

    private void writeOff(PooledVm vm) {
        try {
            workers.destroy(vm.workerUrl(), vm.vmId());
        } catch (WorkerCallException e) {
            // Its worker is failing; the VM serves nobody (placement never got it) and the worker's
            // own reconciliation or its loss ends it.
            log.warn("could not destroy written-off VM {}: {}", vm.vmId(), e.getMessage());
        }
        vms.delete(vm.vmId());
    }

    static void validate(ClaimVmRequest request) {
        if (request == null) {
            throw PoolException.invalid("a claim needs tenant, runtime and memoryMib");
        }
        if (request.tenant() == null || !TENANT.matcher(request.tenant()).matches()) {
            throw PoolException.invalid("tenant is required and must match " + TENANT.pattern());
        }
        if (!Runtimes.known(request.runtime())) {
            throw PoolException.invalid("unknown runtime " + request.runtime() + "; known: " + Runtimes.KNOWN);
        }
        if (request.memoryMib() < Runtimes.MIN_MEMORY_MIB || request.memoryMib() > Runtimes.MAX_MEMORY_MIB) {
            throw PoolException.invalid(
                    "memoryMib must be between " + Runtimes.MIN_MEMORY_MIB + " and " + Runtimes.MAX_MEMORY_MIB);
        }
    }
}
