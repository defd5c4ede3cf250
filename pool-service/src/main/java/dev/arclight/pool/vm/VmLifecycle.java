package dev.arclight.pool.vm;

import java.time.Instant;

/**
 * Where a pooled VM is in its life. The only ways through are
 *
 * <pre>
 *   Booting ──► Warm ──► Claimed   (then deleted from the books, never back)
 *      │          │
 *      └──────────┴────► Retiring ──► destroyed on its worker, row deleted
 * </pre>
 *
 * A claimed VM is the tenant's for good: it never turns warm again (the database refuses any change
 * to a claimed row). Each state carries when it was entered.
 */
public sealed interface VmLifecycle {

    Instant since();

    /** The column value. */
    String name();

    /** A boot was planned (and counted) and its worker is booting or restoring it. */
    record Booting(Instant since) implements VmLifecycle {
        public String name() {
            return "booting";
        }
    }

    /** Ready to be claimed. */
    record Warm(Instant since, String startedBy) implements VmLifecycle {
        public String name() {
            return "warm";
        }
    }

    /** Handed to one tenant. */
    record Claimed(Instant since, String tenant, String claimant) implements VmLifecycle {
        public String name() {
            return "claimed";
        }
    }

    /** To be destroyed: expired, boot failed, its worker was lost or its sub-pool went away. */
    record Retiring(Instant since, String reason) implements VmLifecycle {
        public String name() {
            return "retiring";
        }
    }
}
