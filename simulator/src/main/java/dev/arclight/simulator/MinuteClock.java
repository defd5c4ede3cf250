package dev.arclight.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The simulated clock: the replay moves it minute by minute from the trace's start. */
final class MinuteClock extends Clock {

    private static final Instant START = Instant.parse("2019-07-15T00:00:00Z");

    private Instant now = START;

    void setMinute(int minute) {
        now = START.plus(Duration.ofMinutes(minute));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC only");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
