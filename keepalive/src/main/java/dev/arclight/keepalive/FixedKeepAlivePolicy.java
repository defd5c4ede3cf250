package dev.arclight.keepalive;

import java.time.Duration;

/**
 * Keeps every idle instance for the same window and never pre-warms: what OpenWhisk and Lambda are
 * reported to do (10 minutes), and {@code no-keepalive} with a zero window.
 */
public final class FixedKeepAlivePolicy implements KeepAlivePolicy {

    private final String name;
    private final Schedule schedule;

    public FixedKeepAlivePolicy(String name, Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("the window cannot be negative: " + window);
        }
        this.name = name;
        this.schedule = Schedule.keepAlive(window);
    }

    public static FixedKeepAlivePolicy minutes(long minutes) {
        return new FixedKeepAlivePolicy(
                minutes == 0 ? "no-keepalive" : "fixed-" + minutes, Duration.ofMinutes(minutes));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void invoked(String function) {}

    @Override
    public Schedule schedule(String function) {
        return schedule;
    }
}
