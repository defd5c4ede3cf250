package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanSuspectsTests {

    static final VmHandle A = new VmHandle("worker-1", "vm-a");
    static final VmHandle B = new VmHandle("worker-1", "vm-b");
    static final VmHandle A_ELSEWHERE = new VmHandle("worker-2", "vm-a");

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    final OrphanSuspects suspects = new OrphanSuspects(clock, Duration.ofSeconds(60));

    @Test
    void aFirstSightingIsNeverConfirmedEvenWithNoGrace() {
        var impatient = new OrphanSuspects(clock, Duration.ZERO);

        assertThat(impatient.confirmed(Set.of(A))).isEmpty();
        assertThat(impatient.confirmed(Set.of(A))).containsExactly(A);
    }

    @Test
    void aVmSeenInEveryRoundIsConfirmedOnceItsGraceHasPassedAndNotBefore() {
        assertThat(suspects.confirmed(Set.of(A))).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(suspects.confirmed(Set.of(A))).isEmpty();
        clock.advance(Duration.ofSeconds(29));
        assertThat(suspects.confirmed(Set.of(A))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(suspects.confirmed(Set.of(A))).containsExactly(A);
    }

    @Test
    void aConfirmedVmStaysConfirmedWhileItIsStillSeenSoAFailedDestroyIsRetried() {
        suspects.confirmed(Set.of(A));
        clock.advance(Duration.ofSeconds(60));
        assertThat(suspects.confirmed(Set.of(A))).containsExactly(A);
        clock.advance(Duration.ofSeconds(10));
        assertThat(suspects.confirmed(Set.of(A))).containsExactly(A);
    }

    @Test
    void aRoundThatDoesNotSeeAVmStartsItsWaitAfresh() {
        suspects.confirmed(Set.of(A));
        clock.advance(Duration.ofSeconds(50));
        // Booked meanwhile (or its row appeared): not a suspect in this round.
        assertThat(suspects.confirmed(Set.of())).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(suspects.confirmed(Set.of(A))).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(suspects.confirmed(Set.of(A))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(suspects.confirmed(Set.of(A))).containsExactly(A);
    }

    @Test
    void eachVmWaitsFromItsOwnFirstSighting() {
        suspects.confirmed(Set.of(A));
        clock.advance(Duration.ofSeconds(40));
        suspects.confirmed(Set.of(A, B));
        clock.advance(Duration.ofSeconds(20));

        assertThat(suspects.confirmed(Set.of(A, B))).containsExactly(A);
        clock.advance(Duration.ofSeconds(40));
        assertThat(suspects.confirmed(Set.of(A, B))).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void theSameVmIdOnAnotherWorkerIsAnotherVm() {
        suspects.confirmed(Set.of(A));
        clock.advance(Duration.ofSeconds(60));

        assertThat(suspects.confirmed(Set.of(A_ELSEWHERE))).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(suspects.confirmed(Set.of(A, A_ELSEWHERE))).containsExactly(A_ELSEWHERE);
    }

    @Test
    void aClockThatGoesBackConfirmsNothingEarly() {
        suspects.confirmed(Set.of(A));
        clock.advance(Duration.ofSeconds(-30));
        assertThat(suspects.confirmed(Set.of(A))).isEmpty();
        clock.advance(Duration.ofSeconds(89));
        assertThat(suspects.confirmed(Set.of(A))).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(suspects.confirmed(Set.of(A))).containsExactly(A);
    }

    @Test
    void aNegativeGraceIsRefused() {
        assertThatThrownBy(() -> new OrphanSuspects(clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
