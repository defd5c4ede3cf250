package dev.arclight.placement.concurrency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One placement instance's slots of one function, as leased from PostgreSQL: how many the shared
 * table counts for this instance ({@link #leased()}) and how many of them calls hold now ({@link
 * #inFlight()}). The decisions only; {@link PostgresConcurrencyLimiter} makes the round trips and
 * holds this object's monitor around every call.
 *
 * <h2>Algorithm</h2>
 *
 * <ul>
 *   <li><b>take</b>: a call runs on a leased slot nobody holds, with no round trip. Otherwise it asks
 *       PostgreSQL for {@link #wanted}: one more than the calls in flight here (so a function with
 *       one caller leases one slot, and a burst of callers doubles its lease per round trip), at
 *       most the batch. PostgreSQL grants what the limit leaves, maybe fewer ({@code
 *       concurrency_lease}, migration V6), and says whether the lease is <b>exact</b>.
 *   <li><b>release</b>: the call's slot stays leased, for the next call. An exact lease (a limit
 *       below {@code exact-below}: small reservations, small accounts) gives every unheld slot back
 *       at once, as if nothing were leased: such limits are enforced exactly across instances.
 *   <li><b>trim</b>, asked often, acts once per {@code lease-hold} (by the injected clock): slots
 *       beyond the most calls held at once since the previous trim go back. A function that keeps its concurrency keeps its lease; one whose
 *       load fell returns the difference within one to two holds.
 *   <li><b>surrender</b>: every unheld slot back, when a call of the same tenant was refused, so
 *       that this instance's own idle leases never throttle it.
 * </ul>
 *
 * <h2>Example</h2>
 *
 * Batch 16, 8 callers arriving together, limit 1000: the first asks for 1, the next for 2, then 4,
 * then 8: four round trips lease 15 slots; from then on the 8 callers run without PostgreSQL. When
 * they stop, the next trim sees a peak of 8 and returns 7, the one after returns the other 8.
 */
final class SlotBudget {

    private final Clock clock;
    private final Duration hold;
    private Instant windowStart;
    private int leased;
    private int inFlight;
    private int peak;
    private boolean exact = true;
    private boolean retired;

    SlotBudget(Clock clock, Duration hold) {
        this.clock = clock;
        this.hold = hold;
        this.windowStart = clock.instant();
    }

    /** Takes a leased slot that no call holds; false when there is none (ask PostgreSQL). */
    boolean take() {
        if (inFlight >= leased) {
            return false;
        }
        inFlight++;
        peak = Math.max(peak, inFlight);
        return true;
    }

    /** How many slots to ask PostgreSQL for when {@link #take} found none. */
    int wanted(int batch) {
        return Math.max(1, Math.min(batch, inFlight + 1));
    }

    /** PostgreSQL granted {@code slots} (at least one); the asking call holds one of them. */
    void granted(int slots, boolean exactLease) {
        if (slots < 1) {
            throw new IllegalArgumentException("a grant is of one slot or more: " + slots);
        }
        leased += slots;
        exact = exactLease;
        inFlight++;
        peak = Math.max(peak, inFlight);
    }

    /** A call gave its slot back; returns how many slots to give back to PostgreSQL now. */
    int release() {
        if (inFlight == 0) {
            throw new IllegalStateException("no slot is held");
        }
        inFlight--;
        return exact ? unheld() : 0;
    }

    /**
     * The periodic trim: once a hold has passed since the previous one, returns how many slots to
     * give back, those above the peak of held slots meanwhile; before that, 0.
     */
    int trim() {
        var now = clock.instant();
        if (now.isBefore(windowStart.plus(hold))) {
            return 0;
        }
        windowStart = now;
        int keep = Math.max(peak, inFlight);
        int back = Math.max(0, leased - keep);
        leased -= back;
        peak = inFlight;
        return back;
    }

    /** Every slot no call holds: returns how many to give back. */
    int surrender() {
        return unheld();
    }

    /** Slots given back that PostgreSQL did not take (it failed): they are this instance's again. */
    void notReturned(int slots) {
        leased += slots;
    }

    /** PostgreSQL lost this instance's rows (it was taken for dead): only the held slots count now. */
    int reset() {
        leased = inFlight;
        peak = inFlight;
        return inFlight;
    }

    private int unheld() {
        int back = leased - inFlight;
        leased = inFlight;
        return back;
    }

    /** Nothing leased and nothing held: the budget may leave the instance's map. */
    boolean empty() {
        return leased == 0 && inFlight == 0;
    }

    /** Marks a budget taken out of the map, so a call that still holds it looks it up again. */
    void retire() {
        retired = true;
    }

    boolean retired() {
        return retired;
    }

    int leased() {
        return leased;
    }

    int inFlight() {
        return inFlight;
    }

    boolean exact() {
        return exact;
    }
}
