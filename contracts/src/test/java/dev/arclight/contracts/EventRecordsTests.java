package dev.arclight.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.arclight.contracts.utilization.ContainerState;
import dev.arclight.contracts.utilization.ContainerUtilization;
import dev.arclight.contracts.utilization.VmUtilization;
import dev.arclight.contracts.worker.WorkerCapacity;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRecordsTests {

    @Test
    void freeMemoryNeverGoesNegativeOnAnOvercommittedHost() {
        var capacity = new WorkerCapacity("w1", URI.create("http://w1:8084"), 1024, 1536, 2, 4, 3, Instant.EPOCH);
        assertThat(capacity.freeMemoryMib()).isZero();
    }

    @Test
    void rejectsNegativeCapacity() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WorkerCapacity("w1", URI.create("http://w1"), -1, 0, 1, 0, 0, Instant.EPOCH));
    }

    @Test
    void rejectsBalloonLargerThanTheVm() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new VmUtilization("vm1", "w1", null, 128, 256, 10, 100, List.of(), null, 0, Instant.EPOCH))
                .withMessageContaining("exceeds allocated");
    }

    @Test
    void containersOfASampleCannotChangeAfterwards() {
        var containers = new ArrayList<ContainerUtilization>();
        containers.add(new ContainerUtilization(
                "c1", "arn:aws:lambda:us-east-1:1:function:f:1", ContainerState.IDLE, 128, 20));
        var sample = new VmUtilization("vm1", "w1", "t", 256, 256, 60, 180, containers, null, 1.5, Instant.EPOCH);
        containers.clear();
        assertThat(sample.containers()).hasSize(1);
    }
}
