package dev.arclight.reclaim.utilization;

import dev.arclight.reclaim.ReclaimProperties;
import dev.arclight.reclaim.resize.SampleWindows;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the sample table and the in-memory windows bounded: workers report every few seconds,
 * forever, and a destroyed VM's window would otherwise stay.
 */
@Component
class SampleRetention {

    private static final Logger log = LoggerFactory.getLogger(SampleRetention.class);

    private final UtilizationHistory history;
    private final SampleWindows windows;
    private final ReclaimProperties properties;
    private final Clock clock;

    SampleRetention(UtilizationHistory history, SampleWindows windows, ReclaimProperties properties, Clock clock) {
        this.history = history;
        this.windows = windows;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${arclight.reclaim.sample-prune-interval}")
    void prune() {
        windows.forgetQuietSince(clock.instant().minus(properties.sampleRetention()));
        var forgotten = history.forgetOlderThan(properties.sampleRetention());
        if (forgotten > 0) {
            log.debug("forgot {} utilization samples older than {}", forgotten, properties.sampleRetention());
        }
    }
}
