package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

class SendFailureTests {

    @Test
    void takesRefusalsAndRefusingGuardsForCallsNeverSent() {
        assertThat(SendFailure.of(new RuntimeException("wrapped", new ConnectException("refused"))))
                .isEqualTo(SendFailure.NOT_SENT);
        assertThat(SendFailure.of(new ConnectTimeoutException("connect timed out")))
                .isEqualTo(SendFailure.NOT_SENT);
        assertThat(SendFailure.of(
                        CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("p"))))
                .isEqualTo(SendFailure.NOT_SENT);
        assertThat(SendFailure.of(BulkheadFullException.createBulkheadFullException(Bulkhead.ofDefaults("p"))))
                .isEqualTo(SendFailure.NOT_SENT);
        assertThat(SendFailure.of(new NotSentException("left"))).isEqualTo(SendFailure.NOT_SENT);
    }

    @Test
    void tellsATimeOutFromABrokenExchange() {
        assertThat(SendFailure.of(new TimeoutException("late"))).isEqualTo(SendFailure.TIMED_OUT);
        assertThat(SendFailure.of(new IOException("reset", new IOException("deeper"))))
                .isEqualTo(SendFailure.BROKEN);
        assertThat(SendFailure.of(PrematureCloseException.TEST_EXCEPTION)).isEqualTo(SendFailure.BROKEN);
    }
}
