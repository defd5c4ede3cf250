package dev.arclight.reclaim.utilization;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.utilization.VmUtilization;
import dev.arclight.reclaim.resize.ResizeDecider;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores every utilization sample the workers publish and decides on it. All reclaim instances
 * share the consumer group, so each VM's samples (keyed by VM id) reach one instance, in order.
 */
@Component
class UtilizationListener {

    private final UtilizationHistory history;
    private final ResizeDecider decider;

    UtilizationListener(UtilizationHistory history, ResizeDecider decider) {
        this.history = history;
        this.decider = decider;
    }

    @KafkaListener(topics = Topics.VM_UTILIZATION)
    void onUtilization(VmUtilization utilization) {
        history.record(utilization);
        decider.onSample(utilization);
    }
}
