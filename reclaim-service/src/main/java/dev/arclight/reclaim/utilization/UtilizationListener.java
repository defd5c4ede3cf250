package dev.arclight.reclaim.utilization;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.contracts.utilization.VmUtilization;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Stores every utilization sample the workers publish. */
@Component
class UtilizationListener {

    private final UtilizationHistory history;

    UtilizationListener(UtilizationHistory history) {
        this.history = history;
    }

    @KafkaListener(topics = Topics.VM_UTILIZATION)
    void onUtilization(VmUtilization utilization) {
        history.record(utilization);
    }
}
