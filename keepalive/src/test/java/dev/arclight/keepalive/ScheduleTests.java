package dev.arclight.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTests {

    private static Duration min(long m) {
        return Duration.ofMinutes(m);
    }

    @Test
    void aKeepAliveIsLoadedFromTheInvocationToTheEndOfTheWindowIncluded() {
        var schedule = Schedule.keepAlive(min(10));
        assertThat(schedule.isLoadedAt(min(0))).isTrue();
        assertThat(schedule.isLoadedAt(min(10))).isTrue();
        assertThat(schedule.isLoadedAt(min(11))).isFalse();
        assertThat(schedule.preWarm()).isZero();
        assertThat(schedule.keepAlive()).isEqualTo(min(10));
        assertThat(schedule.end()).isEqualTo(min(10));
    }

    @Test
    void aPreWarmUnloadsThenLoadsAgain() {
        var schedule = Schedule.preWarm(min(14), min(2));
        assertThat(schedule.isLoadedAt(min(1))).isFalse();
        assertThat(schedule.isLoadedAt(min(14))).isTrue();
        assertThat(schedule.isLoadedAt(min(16))).isTrue();
        assertThat(schedule.isLoadedAt(min(17))).isFalse();
        assertThat(schedule.preWarm()).isEqualTo(min(14));
        assertThat(schedule.keepAlive()).isEqualTo(min(2));
    }

    @Test
    void aZeroPreWarmIsAKeepAliveAndAZeroWindowIsNothing() {
        assertThat(Schedule.preWarm(Duration.ZERO, min(5))).isEqualTo(Schedule.keepAlive(min(5)));
        assertThat(Schedule.keepAlive(Duration.ZERO)).isEqualTo(Schedule.NONE);
        assertThat(Schedule.NONE.isLoadedAt(Duration.ZERO)).isFalse();
        assertThat(Schedule.NONE.end()).isZero();
    }

    @Test
    void keepsIntervalsSortedAndAnswersForEach() {
        var schedule = new Schedule(
                List.of(new Schedule.Interval(min(59), min(61)), new Schedule.Interval(Duration.ZERO, min(1))));
        assertThat(schedule.loaded().getFirst().from()).isZero();
        assertThat(schedule.isLoadedAt(min(30))).isFalse();
        assertThat(schedule.isLoadedAt(min(60))).isTrue();
        assertThat(schedule.end()).isEqualTo(min(61));
    }

    @Test
    void rejectsIntervalsThatEndBeforeTheyStart() {
        assertThatThrownBy(() -> new Schedule.Interval(min(5), min(4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Schedule.Interval(min(-1), min(4))).isInstanceOf(IllegalArgumentException.class);
    }
}
