package dev.arclight.pool.claim;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.pool.vm.VmLifecycle.Warm;
import dev.arclight.pool.vm.WarmVm;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Which warm VM a claim should get, and whether it must be resized. No I/O: {@link ClaimService}
 * reads the warm VMs, asks for the ranking, and takes the first ranked VM still warm in one
 * statement.
 *
 * <h2>Algorithm</h2>
 *
 * A warm VM is <b>eligible</b> for a claim of (tenant, runtime, memory) when
 *
 * <ul>
 *   <li>its sub-pool is reserved for that tenant, or for no tenant;
 *   <li>the runtime is among those pre-started in it;
 *   <li>its maximum memory holds the function's memory (a resize can get there);
 *   <li>it has been warm for less than the maximum warm age (an older one is about to be retired).
 * </ul>
 *
 * Eligible VMs are ranked, best first, by
 *
 * <ol>
 *   <li>a sub-pool reserved for the tenant before shared ones (the tenant's reservation is used up
 *       first, the shared pool stays for everyone else);
 *   <li>VMs whose memory already holds the function (no resize) before those that must grow;
 *   <li>among those that hold it, the smallest memory (the closest fit, leaving bigger VMs for bigger
 *       functions); among those that must grow, the largest (the smallest growth);
 *   <li>the longest warm first (it is nearest its expiry);
 *   <li>the VM id, so that the ranking is deterministic.
 * </ol>
 *
 * A VM with less memory than the function is <b>resized</b> to exactly the function's memory. One
 * with more keeps its memory: a claimed VM also holds its agent, pre-started runtimes and, later,
 * more containers of the tenant (placement's case (b)), and shrinking idle memory is
 * reclaim-service's job.
 */
public final class ClaimDecision {

    private final Clock clock;
    private final Duration maxWarmAge;

    public ClaimDecision(Clock clock, Duration maxWarmAge) {
        this.clock = clock;
        this.maxWarmAge = maxWarmAge;
    }

    /** The eligible VMs, best first, each with the memory it will have once claimed. */
    public List<ClaimChoice> rank(ClaimVmRequest request, List<WarmVm> warm) {
        var now = clock.instant();
        long memory = request.memoryMib();
        return warm.stream()
                .filter(w -> w.reservedFor() == null || w.reservedFor().equals(request.tenant()))
                .filter(w -> w.vm().runtimes().contains(request.runtime()))
                .filter(w -> w.vm().maxMemoryMib() >= memory)
                .filter(w -> w.vm().lifecycle() instanceof Warm warmState
                        && Duration.between(warmState.since(), now).compareTo(maxWarmAge) < 0)
                .sorted(Comparator.<WarmVm>comparingInt(w -> w.reservedFor() != null ? 0 : 1)
                        .thenComparingInt(w -> w.vm().memoryMib() >= memory ? 0 : 1)
                        .thenComparingLong(w -> w.vm().memoryMib() >= memory
                                ? w.vm().memoryMib() - memory
                                : memory - w.vm().memoryMib())
                        .thenComparing(w -> w.vm().lifecycle().since())
                        .thenComparing(w -> w.vm().vmId()))
                .map(w -> w.vm().memoryMib() >= memory
                        ? new ClaimChoice(w, w.vm().memoryMib(), false)
                        : new ClaimChoice(w, memory, true))
                .toList();
    }

    /**
     * One ranked VM.
     *
     * @param candidate the VM
     * @param memoryMib its memory once claimed
     * @param resize whether the claim must have the worker grow it to {@code memoryMib}
     */
    public record ClaimChoice(WarmVm candidate, long memoryMib, boolean resize) {

        public String vmId() {
            return candidate.vm().vmId();
        }
    }
}
