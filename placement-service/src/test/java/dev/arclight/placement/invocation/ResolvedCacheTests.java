package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.invocation.ResolvedCache.Loaded;
import dev.arclight.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResolvedCacheTests {

    static final String F = "arn:aws:lambda:us-east-1:000000000001:function:f";
    static final String G = "arn:aws:lambda:us-east-1:000000000001:function:g";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    final ResolvedCache<String> cache = new ResolvedCache<>(clock, Duration.ofSeconds(10), 4);
    final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void following() {
        cache.live(true);
    }

    Supplier<Loaded<String>> registry(String value, long revision) {
        return () -> {
            reads.incrementAndGet();
            return new Loaded<>(value, revision);
        };
    }

    @Test
    void aSecondCallWithinTheTtlReadsNothing() {
        assertThat(cache.get(F, "$LATEST", registry("v1", 1))).isEqualTo("v1");
        assertThat(cache.get(F, "$LATEST", registry("v2", 2))).isEqualTo("v1");
        assertThat(reads).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void anEntryAsOldAsTheTtlIsReadAgain() {
        cache.get(F, "$LATEST", registry("v1", 1));
        clock.advance(Duration.ofSeconds(10));
        assertThat(cache.get(F, "$LATEST", registry("v2", 2))).isEqualTo("v2");
    }

    @Test
    void aChangeToAnotherRevisionDropsAllQualifiersOfThatFunctionOnly() {
        cache.get(F, "$LATEST", registry("f", 1));
        cache.get(F, "live", registry("f-live", 1));
        cache.get(G, "$LATEST", registry("g", 1));
        cache.changed(F, 2);
        assertThat(cache.get(F, "$LATEST", registry("f2", 2))).isEqualTo("f2");
        assertThat(cache.get(F, "live", registry("f2-live", 2))).isEqualTo("f2-live");
        assertThat(cache.get(G, "$LATEST", registry("g2", 2))).isEqualTo("g");
    }

    @Test
    void aRepublishedSnapshotOfTheCachedRevisionKeepsTheEntry() {
        cache.get(F, "$LATEST", registry("f", 3));
        cache.changed(F, 3);
        cache.get(F, "$LATEST", registry("other", 3));
        assertThat(reads).hasValue(1);
    }

    @Test
    void aTombstoneDropsTheFunction() {
        cache.get(F, "1", registry("f", 5));
        cache.dropped(F);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aReadThatRacedWithAChangeIsReturnedButNotKept() {
        var raced = cache.get(F, "$LATEST", () -> {
            cache.changed(F, 2); // the change commits while the old state is being read
            return new Loaded<>("old", 1);
        });
        assertThat(raced).isEqualTo("old");
        assertThat(cache.get(F, "$LATEST", registry("new", 2))).isEqualTo("new");
    }

    @Test
    void aChangeOfAnotherFunctionDuringAReadDoesNotStopItBeingKept() {
        var other = "arn:aws:lambda:us-east-1:000000000001:function:other";
        for (int i = 0; ResolvedCache.stripe(other) == ResolvedCache.stripe(F); i++) {
            other = "arn:aws:lambda:us-east-1:000000000001:function:other" + i;
        }
        var republished = other;
        cache.get(F, "$LATEST", () -> {
            cache.changed(republished, 7); // the republisher's record of another function
            return new Loaded<>("f", 1);
        });
        assertThat(cache.get(F, "$LATEST", registry("again", 1))).isEqualTo("f");
    }

    @Test
    void nothingIsKeptWhileChangesAreNotFollowed() {
        cache.live(false);
        cache.get(F, "$LATEST", registry("v1", 1));
        cache.get(F, "$LATEST", registry("v1", 1));
        assertThat(reads).hasValue(2);
    }

    @Test
    void followingAgainStartsEmpty() {
        cache.get(F, "$LATEST", registry("v1", 1));
        cache.live(false);
        cache.live(true);
        assertThat(cache.get(F, "$LATEST", registry("v2", 2))).isEqualTo("v2");
    }

    @Test
    void aFullCacheShedsExpiredEntriesFirstThenEverything() {
        cache.get(F, "1", registry("1", 1));
        clock.advance(Duration.ofSeconds(11));
        cache.get(F, "2", registry("2", 1));
        cache.get(F, "3", registry("3", 1));
        cache.get(F, "4", registry("4", 1));
        cache.get(F, "5", registry("5", 1)); // full: the expired "1" goes
        assertThat(cache.size()).isEqualTo(4);
        cache.get(F, "6", registry("6", 1)); // full, nothing expired: all go
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aZeroTtlKeepsNothing() {
        var off = new ResolvedCache<String>(clock, Duration.ZERO, 4);
        off.live(true);
        off.get(F, "$LATEST", registry("v1", 1));
        assertThat(off.size()).isZero();
    }
}
