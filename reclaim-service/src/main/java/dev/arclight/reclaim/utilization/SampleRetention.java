package dev.arclight.reclaim.utilization;

import dev.arclight.reclaim.ReclaimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the sample table bounded: workers report every few seconds, forever. */
@Component
class SampleRetention {

    private static final Logger log = LoggerFactory.getLogger(SampleRetention.class);

    private final UtilizationHistory history;
    private final ReclaimProperties properties;

    SampleRetention(UtilizationHistory history, ReclaimProperties properties) {
        this.history = history;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${arclight.reclaim.sample-prune-interval}")
    void prune() {
        var forgotten = history.forgetOlderThan(properties.sampleRetention());
        if (forgotten > 0) {
            log.debug("forgot {} utilization samples older than {}", forgotten, properties.sampleRetention());
        }
    }
}
