package dev.arclight.reclaim.policy;

import dev.arclight.contracts.utilization.ContainerState;
import dev.arclight.contracts.utilization.ContainerUtilization;
import dev.arclight.contracts.utilization.VmUtilization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, from a short window of one VM's utilization samples, whether its balloon target should
 * move, and where to.
 *
 * <p><b>What the guest needs.</b> A sample's "used" is MemTotal minus MemAvailable. MemAvailable
 * counts the page cache the guest can drop, so a guest full of files read once still reads as
 * needing little; the balloon's {@code disk_caches} is no better a figure, since it counts shared
 * memory too (the guest's tmpfs, which holds the function's code), which no balloon can take. With
 * the worker's {@code autodeflate} balloon (deflate on OOM), Linux keeps every balloon page in
 * MemTotal and counts it as used, so MemTotal stays above the balloon and the need of a sample is
 * its used memory minus all the inflated pages ({@link #guestNeedMib}). A kernel that takes them
 * out of MemTotal shows a MemTotal below the balloon, and its used memory is the need as it is.
 * (Subtracting only MemTotal minus the balloon, as this once did, counted the memory the guest's
 * kernel reserves at boot as need: 69 MiB on a 2 GiB VM restored from the pool.)
 *
 * <p><b>Where to.</b> target = max(floor, need + headroom), rounded up to {@value #GRANULE_MIB}
 * MiB, never above the VM's maximum. The need is the peak over the window, except for an idle VM
 * (rules 5 and 6 below): its need is the peak of its <em>settled idle</em> samples only, those with
 * nothing running taken at least {@link #SETTLE} after its last call started and after the last
 * sample that saw a container running. What a call allocated and gave back is not an idle VM's
 * need: the worker grows the VM again before the next call. The settle time covers the balloon
 * statistics' own lag (the worker asks for them every 2 s), so a sample taken as a call ends does
 * not pass the call's memory off as idle need. Leaving the call's peak in kept the page cache the
 * call filled: a VM claimed from the pool was shrunk 672 -> 440 MiB while its guest held 358 MiB,
 * and the host got nothing back. The floor keeps the guest's kernel, agent and pre-started runtimes
 * alive whatever the samples say. While any container is starting or running an invocation (newest
 * sample), the target is also at least the floor plus the memory limits of all its containers: a
 * running function may use all it asked for, and the worker's own grow-before-use only runs before
 * a call starts.
 *
 * <p><b>When.</b> In this order, the first rule that applies decides:
 *
 * <ol>
 *   <li>the previous decision about this VM is not settled yet: hold (one resize in flight per VM);
 *   <li>the sample is not newer than the one the previous decision came from: hold (a replay);
 *   <li>fewer than {@code minSamples} samples: hold;
 *   <li>the guest is short (need plus half the headroom above the balloon, below the maximum):
 *       grow to the target at once, no cooldown (the balloon's autodeflate is the last resort, not
 *       the plan);
 *   <li>a pooled VM (tenant {@code null}) is idle by definition: shrink ({@code POOLED});
 *   <li>no invocation for {@code idleAfter} and none running: shrink ({@code IDLE}); a VM never
 *       invoked counts as idle once its window has watched it for {@code idleAfter} (it was booted
 *       for a call that is still on its way: shrinking it would only make that call wait); an idle
 *       VM with no settled idle sample yet holds until it has one;
 *   <li>invoked, recently, and watched for at least {@code observation}: shrink toward its peak
 *       ({@code OVER_PROVISIONED}), never below its running containers' limits; otherwise hold.
 * </ol>
 *
 * <p><b>Hysteresis.</b> A resize moves the target by at least {@code minStep}, or not at all. No
 * shrink follows another decision about the same VM within the cooldown. When a shrink is undone
 * (the VM's balloon is found above that shrink's target: the worker grew it for a call) or
 * followed by a pressure grow, the next shrink carries a backoff level one higher and waits
 * {@code cooldown * 2^level}, capped at {@code maxCooldown}; a shrink that held resets the level.
 * So a VM called every few minutes is shrunk ever less often instead of on every gap, and a VM is
 * never moved back and forth by the policy itself: it only shrinks toward need plus headroom, and
 * only grows when that need rises above the balloon.
 */
public final class ResizePolicy {

    static final long GRANULE_MIB = 8;

    /** How long after a call a sample still may show its memory: the balloon statistics come every 2 s. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final PolicySettings settings;
    private final Clock clock;

    public ResizePolicy(PolicySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param window the VM's recent samples, oldest first, ending with the one being decided on
     * @param last the newest decision about this VM, if any
     */
    public Verdict decide(List<VmUtilization> window, Optional<LastResize> last) {
        if (window.isEmpty()) {
            return new Verdict.Hold("no samples");
        }
        var newest = window.getLast();
        if (last.isPresent() && !last.get().settled()) {
            return new Verdict.Hold("a resize is in flight");
        }
        if (last.isPresent() && !newest.sampledAt().isAfter(last.get().fromSampleAt())) {
            return new Verdict.Hold("sample not newer than the last decision");
        }
        if (window.size() < settings.minSamples()) {
            return new Verdict.Hold("too few samples");
        }
        long balloon = newest.balloonMemoryMib();
        long max = newest.allocatedMemoryMib();
        long peakNeed =
                window.stream().mapToLong(ResizePolicy::guestNeedMib).max().orElse(0);
        long target = target(peakNeed, newest);
        long needNow = guestNeedMib(newest);
        if (balloon < max && needNow + settings.headroomMib() / 2 > balloon) {
            long grown = Math.min(max, Math.max(target, roundUp(needNow + settings.headroomMib())));
            return grown - balloon >= Math.min(settings.minStepMib(), max - balloon)
                    ? new Verdict.Resize(Direction.GROW, "PRESSURE", balloon, grown, level(last, newest))
                    : new Verdict.Hold("short, but within a step of the maximum");
        }
        String reason;
        if (newest.tenant() == null) {
            reason = "POOLED";
        } else if (!running(newest) && idleFor(window).compareTo(settings.idleAfter()) >= 0) {
            reason = "IDLE";
        } else if (newest.lastInvocationAt() != null && observed(window).compareTo(settings.observation()) >= 0) {
            return shrink("OVER_PROVISIONED", balloon, target, last, newest);
        } else {
            return new Verdict.Hold("busy, not watched long enough");
        }
        var idleNeed = idleNeedMib(window);
        if (idleNeed.isEmpty()) {
            return new Verdict.Hold("settling after its last call");
        }
        return shrink(reason, balloon, target(idleNeed.getAsLong(), newest), last, newest);
    }

    /** The peak need of the window's settled idle samples, if it has any. */
    static OptionalLong idleNeedMib(List<VmUtilization> window) {
        var newest = window.getLast();
        Instant busyUntil = newest.lastInvocationAt() == null ? Instant.MIN : newest.lastInvocationAt();
        for (var sample : window) {
            if (running(sample) && sample.sampledAt().isAfter(busyUntil)) {
                busyUntil = sample.sampledAt();
            }
        }
        // Every sample that saw a container running is before this, so what is left ran nothing.
        var settledFrom = busyUntil.plus(SETTLE);
        return window.stream()
                .filter(s -> !s.sampledAt().isBefore(settledFrom))
                .mapToLong(ResizePolicy::guestNeedMib)
                .max();
    }

    private Verdict shrink(String reason, long balloon, long target, Optional<LastResize> last, VmUtilization newest) {
        if (balloon - target < settings.minStepMib()) {
            return new Verdict.Hold("within a step of its need");
        }
        int level = level(last, newest);
        if (last.isPresent()) {
            var waited = Duration.between(last.get().decidedAt(), clock.instant());
            if (waited.compareTo(cooldown(level)) < 0) {
                return new Verdict.Hold("cooling down");
            }
        }
        return new Verdict.Resize(Direction.SHRINK, reason, balloon, target, level);
    }

    /** The lowest the VM may go now: need plus headroom, the floor, and running containers' limits. */
    private long target(long peakNeed, VmUtilization newest) {
        long target = Math.max(settings.floorMib(), roundUp(peakNeed + settings.headroomMib()));
        if (running(newest)) {
            long limits = newest.containers().stream()
                    .mapToLong(ContainerUtilization::memoryLimitMib)
                    .sum();
            target = Math.max(target, roundUp(settings.floorMib() + limits));
        }
        return Math.min(newest.allocatedMemoryMib(), target);
    }

    /** Backoff level a new decision carries: one higher when the last one was undone or a grow. */
    private int level(Optional<LastResize> last, VmUtilization newest) {
        if (last.isEmpty()) {
            return 0;
        }
        var previous = last.get();
        boolean undone = previous.direction() == Direction.SHRINK
                && newest.balloonMemoryMib() >= previous.targetMemoryMib() + settings.minStepMib();
        return undone || previous.direction() == Direction.GROW ? previous.backoffLevel() + 1 : 0;
    }

    Duration cooldown(int level) {
        var cooldown = settings.cooldown();
        for (int i = 0; i < level && cooldown.compareTo(settings.maxCooldown()) < 0; i++) {
            cooldown = cooldown.multipliedBy(2);
        }
        return cooldown.compareTo(settings.maxCooldown()) > 0 ? settings.maxCooldown() : cooldown;
    }

    private static Duration idleFor(List<VmUtilization> window) {
        var newest = window.getLast();
        // Never invoked: a tenant's VM just booted for a call that has not reached it yet. Idle
        // only once watched that long without a call (a window shorter than idle-after never is).
        return newest.lastInvocationAt() == null
                ? observed(window)
                : Duration.between(newest.lastInvocationAt(), newest.sampledAt());
    }

    private static Duration observed(List<VmUtilization> window) {
        return Duration.between(window.getFirst().sampledAt(), window.getLast().sampledAt());
    }

    private static boolean running(VmUtilization sample) {
        return sample.containers().stream()
                .anyMatch(c -> c.state() == ContainerState.BUSY || c.state() == ContainerState.STARTING);
    }

    /**
     * What the guest really uses: used memory less the balloon pages MemTotal still counts. A
     * MemTotal above the balloon can only hold them all (deflate on OOM); one at or below it holds
     * none, or a balloon inflated by less than the kernel's reserve, whose pages then count as need
     * (at most that reserve, tens of MiB: the safe side).
     */
    public static long guestNeedMib(VmUtilization sample) {
        long inflated = Math.max(0, sample.allocatedMemoryMib() - sample.balloonMemoryMib());
        long total = sample.guestUsedMemoryMib() + sample.guestAvailableMemoryMib();
        long balloonPagesInTotal = total > sample.balloonMemoryMib() ? inflated : 0;
        return Math.max(0, sample.guestUsedMemoryMib() - balloonPagesInTotal);
    }

    static long roundUp(long mib) {
        return (mib + GRANULE_MIB - 1) / GRANULE_MIB * GRANULE_MIB;
    }
}
