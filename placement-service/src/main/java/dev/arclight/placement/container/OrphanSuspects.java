package dev.arclight.placement.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which VMs have looked orphaned for long enough to be destroyed, for one kind of evidence that
 * {@link OrphanVms} gathers each round (a row of this instance's whose VM its books do not hold; a
 * tenant VM on a worker that no row names). Either kind is also true, for a while, of a VM that is
 * fine: a boot not answered yet has its row but no place in the books; a claimed VM is the tenant's
 * on its worker a moment before its row is written. One sighting is therefore never enough.
 *
 * <h2>Algorithm</h2>
 *
 * Each round passes the VMs that look orphaned now. A VM first seen at {@code t} is confirmed by
 * the first round at {@code t + grace} or later that still sees it, and by every round after that
 * until it is gone (a destroy that failed is retried next round). A VM that a round does not see is
 * forgotten, so its next sighting starts the wait afresh: only a VM that looked orphaned in every
 * round for {@code grace} is confirmed. {@code grace} is longer than the in-between states of a
 * VM that is fine can last (their own timeouts bound them), so a confirmed VM is one nobody will
 * ever use or destroy. A round that could not look (a worker that did not answer) must pass what it
 * saw without that worker's VMs, which only delays them.
 */
final class OrphanSuspects {

    private final Clock clock;
    private final Duration grace;
    private final Map<VmHandle, Instant> since = new HashMap<>();

    OrphanSuspects(Clock clock, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        this.clock = clock;
        this.grace = grace;
    }

    /** The VMs of {@code seen} that have looked orphaned in every round for {@code grace}. */
    synchronized Set<VmHandle> confirmed(Set<VmHandle> seen) {
        var now = clock.instant();
        since.keySet().retainAll(seen);
        var confirmed = new LinkedHashSet<VmHandle>();
        for (var vm : seen) {
            var first = since.putIfAbsent(vm, now);
            if (first != null && !now.isBefore(first.plus(grace))) {
                confirmed.add(vm);
            }
        }
        return confirmed;
    }
}
