package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTailTests {

    @Test
    void appendsLambdasReportLineAfterTheLog() {
        var tail = LogTail.withReport("hello", "r-1", 15.26, 128, null);

        assertThat(tail)
                .isEqualTo(
                        "hello\nREPORT RequestId: r-1\tDuration: 15.26 ms\tBilled Duration: 16 ms\tMemory Size: 128 MB\n");
    }

    @Test
    void keepsTheReportLineTheRuntimeAlreadyWroteInsteadOfAddingASecond() {
        var log = "hi\nREPORT RequestId: r-2\tDuration: 3.00 ms\tMemory Size: 128 MB\tMax Memory Used: 10 MB\n";

        var tail = LogTail.withReport(log, "r-2", 3.0, 128, null);

        assertThat(tail).isEqualTo(log);
    }

    @Test
    void keepsOnlyTheLast4KbWithoutSplittingACharacter() {
        var tail = LogTail.last4k("é".repeat(3000));

        assertThat(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(4096);
        assertThat(tail).matches("é+");
    }
}
