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
 * "Holds the function" means its memory is at least the function's plus the <b>headroom</b> (the
 * worker's grow-before-use floor: its guest kernel, agent and pre-started runtimes), as the worker
 * reckons before it starts the first container. A VM with less is <b>resized</b> to the function's
 * memory plus the headroom (at most its maximum), so that the container start that follows finds
 * it big enough and does not grow it again and wait for the balloon (measured: 0.66 s of a 1024 MiB
 * pool hit under TCG when the claim grew it to exactly 1024 MiB). One with more keeps its memory:
 * a claimed VM also holds, later, more containers of the tenant (placement's case (b)), and
 * shrinking idle memory is reclaim-service's job.
 */
public final class ClaimDecision {

    private final Clock clock;
    private final Duration maxWarmAge;
    private final long headroomMib;

    /** Without headroom: a VM is grown to exactly the function's memory. */
    public ClaimDecision(Clock clock, Duration maxWarmAge) {
        this(clock, maxWarmAge, 0);
    }

    public ClaimDecision(Clock clock, Duration maxWarmAge, long headroomMib) {
        if (headroomMib < 0) {
            throw new IllegalArgumentException("headroomMib must not be negative, was " + headroomMib);
        }
        this.clock = clock;
        this.maxWarmAge = maxWarmAge;
        this.headroomMib = headroomMib;
    }

    /** The eligible VMs, best first, each with the memory it will have once claimed. */
    public List<ClaimChoice> rank(ClaimVmRequest request, List<WarmVm> warm) {
        var now = clock.instant();
        long memory = request.memoryMib();
        long need = memory + headroomMib;
        return warm.stream()
                .filter(w -> w.reservedFor() == null || w.reservedFor().equals(request.tenant()))
                .filter(w -> w.vm().runtimes().contains(request.runtime()))
                .filter(w -> w.vm().maxMemoryMib() >= memory)
                .filter(w -> w.vm().lifecycle() instanceof Warm warmState
                        && Duration.between(warmState.since(), now).compareTo(maxWarmAge) < 0)
                .sorted(Comparator.<WarmVm>comparingInt(w -> w.reservedFor() != null ? 0 : 1)
                        .thenComparingInt(w -> w.vm().memoryMib() >= need ? 0 : 1)
                        .thenComparingLong(
                                w -> w.vm().memoryMib() >= need ? w.vm().memoryMib() - need : need - w.vm().memoryMib())
                        .thenComparing(w -> w.vm().lifecycle().since())
                        .thenComparing(w -> w.vm().vmId()))
                .map(w -> w.vm().memoryMib() >= need
                        ? new ClaimChoice(w, w.vm().memoryMib(), false)
                        : new ClaimChoice(w, Math.min(need, w.vm().maxMemoryMib()), true))
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
