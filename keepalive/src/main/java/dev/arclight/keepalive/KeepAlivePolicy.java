package dev.arclight.keepalive;

import java.time.Duration;

/**
 * Decides, per function, how long an idle instance stays loaded and when to pre-warm one. The
 * holder calls {@link #invoked} when an invocation ends and asks {@link #schedule} for what to do
 * until the next one; times come from the policy's clock.
 */
public interface KeepAlivePolicy {

    String name();

    /** An invocation of {@code function} ended now. */
    void invoked(String function);

    /** What to keep loaded after the last invocation of {@code function}. */
    Schedule schedule(String function);

    /** Convenience for the usual single-window holders: the keep-alive after the pre-warm. */
    default Duration keepAlive(String function) {
        return schedule(function).keepAlive();
    }

    /** Convenience: how long after an invocation to (re)load an instance; zero keeps it loaded. */
    default Duration preWarm(String function) {
        return schedule(function).preWarm();
    }
}
