package dev.arclight.placement.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.shutdown.ShutdownWrite.Outcome;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ShutdownWriteTests {

    @Test
    void aWriteThatEndsInTimeIsWrittenOnAThreadOfItsOwn() {
        var ranOn = new AtomicReference<String>();

        var outcome = ShutdownWrite.within(
                "final-write",
                Duration.ofSeconds(5),
                () -> ranOn.set(Thread.currentThread().getName()));

        assertThat(outcome).isEqualTo(new Outcome.Written());
        assertThat(ranOn.get()).isEqualTo("final-write");
    }

    @Test
    void aWriteThatThrowsIsReportedWithItsCause() {
        var cause = new IllegalStateException("database gone");

        var outcome = ShutdownWrite.within("final-write", Duration.ofSeconds(5), () -> {
            throw cause;
        });

        assertThat(outcome).isEqualTo(new Outcome.Failed(cause));
    }

    @Test
    void aWriteThatHangsIsGivenUpOnAtTheLimitAndLeftToEnd() throws InterruptedException {
        var release = new CountDownLatch(1);
        var ended = new CountDownLatch(1);

        long began = System.nanoTime();
        var outcome = ShutdownWrite.within("final-write", Duration.ofMillis(200), () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.countDown();
        });
        var waited = Duration.ofNanos(System.nanoTime() - began);

        assertThat(outcome).isEqualTo(new Outcome.GaveUp(Duration.ofMillis(200)));
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(5));
        release.countDown();
        assertThat(ended.await(5, TimeUnit.SECONDS))
                .as("the abandoned write still ran to its end")
                .isTrue();
    }

    @Test
    void aCallerInterruptedWhileWaitingGivesUpAndKeepsItsInterrupt() {
        var release = new CountDownLatch(1);
        Thread.currentThread().interrupt();
        try {
            var outcome = ShutdownWrite.within("final-write", Duration.ofSeconds(5), () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertThat(outcome).isInstanceOf(Outcome.GaveUp.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            release.countDown();
        }
    }
}
