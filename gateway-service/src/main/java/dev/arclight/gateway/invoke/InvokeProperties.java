package dev.arclight.gateway.invoke;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway forwards invocations to placement instances.
 *
 * @param connectTimeout how long opening a connection to an instance may take; past it the call
 *     counts as never sent and tries the next instance of its arc
 * @param defaultTimeout how long to wait for the answer to a call of a function the gateway's
 *     registry view does not know (yet)
 * @param timeoutMargin added to a known function's own timeout: placement enforces the function's
 *     timeout and answers it in Lambda's shape, so the gateway gives it this long to do so
 * @param maxResponse the largest answer read from placement (Lambda: 6 MB of payload, plus headers)
 * @param breaker the circuit breaker kept per placement instance
 * @param bulkhead the most calls in flight to one placement instance; beyond it a call is not sent
 *     there
 */
@Validated
@ConfigurationProperties("arclight.gateway.invoke")
public record InvokeProperties(
        @NotNull Duration connectTimeout,
        @NotNull Duration defaultTimeout,
        @NotNull Duration timeoutMargin,
        @NotNull DataSize maxResponse,
        @NotNull @Valid Breaker breaker,
        @NotNull @Valid Bulkhead bulkhead) {

    public InvokeProperties {
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("default-timeout", defaultTimeout);
        if (timeoutMargin != null && timeoutMargin.isNegative()) {
            throw new IllegalArgumentException(
                    "arclight.gateway.invoke.timeout-margin must not be negative, was " + timeoutMargin);
        }
        if (maxResponse != null && maxResponse.toBytes() <= 0) {
            throw new IllegalArgumentException(
                    "arclight.gateway.invoke.max-response must be positive, was " + maxResponse);
        }
    }

    /**
     * @param failureRateThreshold percentage of failed calls (refused, timed out, cut off) in the
     *     window that opens the breaker
     * @param slidingWindowSize how many of the latest calls the rate is taken over
     * @param minimumNumberOfCalls calls needed before the rate counts
     * @param waitInOpenState how long an open breaker refuses calls before it lets a few through
     */
    public record Breaker(
            float failureRateThreshold,
            int slidingWindowSize,
            int minimumNumberOfCalls,
            @NotNull Duration waitInOpenState) {

        public Breaker {
            if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException(
                        "arclight.gateway.invoke.breaker.failure-rate-threshold must be in (0, 100], was "
                                + failureRateThreshold);
            }
            if (slidingWindowSize < 1 || minimumNumberOfCalls < 1) {
                throw new IllegalArgumentException(
                        "arclight.gateway.invoke.breaker.sliding-window-size and minimum-number-of-calls must be"
                                + " at least 1");
            }
            requirePositive("breaker.wait-in-open-state", waitInOpenState);
        }
    }

    /** @param maxConcurrentCalls calls in flight to one instance at most */
    public record Bulkhead(int maxConcurrentCalls) {

        public Bulkhead {
            if (maxConcurrentCalls < 1) {
                throw new IllegalArgumentException(
                        "arclight.gateway.invoke.bulkhead.max-concurrent-calls must be at least 1, was "
                                + maxConcurrentCalls);
            }
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("arclight.gateway.invoke." + name + " must be positive, was " + value);
        }
    }
}
