package dev.arclight.reclaim.resize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.utilization.VmUtilization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleWindowsTests {

    static final Instant T = Instant.parse("2026-12-02T01:00:00Z");
    final SampleWindows windows = new SampleWindows(Duration.ofSeconds(30));

    @Test
    void aWindowHoldsTheVmsSamplesOfTheLastSpanEndingWithTheNewOne() {
        windows.add(at("vm-1", 0));
        windows.add(at("vm-1", 20));
        windows.add(at("vm-2", 25));

        assertThat(windows.add(at("vm-1", 40)))
                .extracting(VmUtilization::sampledAt)
                .containsExactly(T.plusSeconds(20), T.plusSeconds(40));
    }

    @Test
    void aReplayedSampleSeesOnlyWhatCameBeforeIt() {
        windows.add(at("vm-1", 0));
        windows.add(at("vm-1", 10));
        windows.add(at("vm-1", 20));

        assertThat(windows.add(at("vm-1", 10)))
                .extracting(VmUtilization::sampledAt)
                .containsExactly(T, T.plusSeconds(10));
    }

    @Test
    void forgetsVmsThatStoppedReporting() {
        windows.add(at("vm-gone", 0));
        windows.add(at("vm-live", 100));

        windows.forgetQuietSince(T.plusSeconds(50));

        assertThat(windows.add(at("vm-gone", 200))).hasSize(1);
        assertThat(windows.add(at("vm-live", 110))).hasSize(2);
    }

    private static VmUtilization at(String vm, int seconds) {
        return new VmUtilization(vm, "w1", "t", 512, 512, 74, 416, List.of(), null, 0, T.plusSeconds(seconds));
    }
}
