package dev.arclight.worker.vm;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Records how long libvirt operations on VMs take, as {@code arclight.worker.vm.operation}. */
final class VmOperationTimer {

    private final MeterRegistry meters;

    VmOperationTimer(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(String operation, Duration duration) {
        Timer.builder("arclight.worker.vm.operation")
                .tag("operation", operation)
                .register(meters)
                .record(duration);
    }
}
