package dev.arclight.reclaim.utilization;

import dev.arclight.contracts.utilization.VmUtilization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The recent utilization of every VM, the evidence resize decisions are made from. */
@Service
public class UtilizationHistory {

    private final UtilizationSampleRepository samples;
    private final Clock clock;

    UtilizationHistory(UtilizationSampleRepository samples, Clock clock) {
        this.samples = samples;
        this.clock = clock;
    }

    /** Stores the sample once: a replayed sample is the same sample. */
    @Transactional
    public void record(VmUtilization utilization) {
        if (!samples.existsByVmIdAndSampledAt(utilization.vmId(), utilization.sampledAt())) {
            samples.save(new UtilizationSample(utilization));
        }
    }

    /** The newest samples of a VM, newest first. */
    @Transactional(readOnly = true)
    public List<UtilizationSample> recent(String vmId, int count) {
        return samples.findByVmIdOrderBySampledAtDesc(vmId, Limit.of(count));
    }

    /** Forgets samples older than {@code retention}; returns how many went. */
    @Transactional
    public int forgetOlderThan(Duration retention) {
        return samples.deleteSampledBefore(clock.instant().minus(retention));
    }
}
