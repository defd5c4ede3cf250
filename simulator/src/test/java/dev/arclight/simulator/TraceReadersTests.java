package dev.arclight.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReadersTests {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private static String header2019(int minutes) {
        StringBuilder header = new StringBuilder("HashFunction,HashOwner,HashApp");
        for (int m = 1; m <= minutes; m++) {
            header.append(",minute_").append(m);
        }
        return header.toString();
    }

    @Test
    void reads2019InvocationsAndTheirAppsMemory() throws Exception {
        write("t_inv.csv", header2019(4), "f1,o1,a1,0,2,0,1", "f2,o2,a2,1,0,0,0");
        write(
                "t_mem.csv",
                "HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1",
                "o1,a1,10,200,150",
                "o2,a2,10,100,90");
        Trace trace = TraceFiles.read(dir.resolve("t").toString(), warnings::add);
        assertThat(trace.name()).isEqualTo("t");
        assertThat(trace.minutes()).isEqualTo(4);
        assertThat(trace.invocations()).isEqualTo(4);
        FunctionTrace f1 = trace.functions().getFirst();
        assertThat(f1.minutes()).containsExactly(1, 3);
        assertThat(f1.counts()).containsExactly(2, 1);
        assertThat(f1.memoryMb()).isEqualTo(200);
        assertThat(warnings).isEmpty();
    }

    @Test
    void skipsMalformed2019RowsWithAWarning() throws Exception {
        write(
                "t_inv.csv",
                header2019(3),
                "f1,o1,a1,0,1,0",
                "f2,o2,a2,1,0",
                "f3,o3,a3,1,x,0",
                "f4,o4,a4,1,-1,0",
                "f1,o1,a1,1,1,1",
                "f5,o5,a5,1,2.0,0");
        write("t_mem.csv", "HashOwner,HashApp,SampleCount,AverageAllocatedMb", "o1,a1,1,300", "o5,a5,1,oops");
        Trace trace = TraceFiles.read(dir.resolve("t").toString(), warnings::add);
        assertThat(trace.functions()).extracting(FunctionTrace::id).containsExactly("o1/a1/f1", "o5/a5/f5");
        assertThat(warnings).anyMatch(w -> w.contains("t_inv.csv:3") && w.contains("columns"));
        assertThat(warnings).anyMatch(w -> w.contains("t_inv.csv:4") && w.contains("non-negative integer"));
        assertThat(warnings).anyMatch(w -> w.contains("t_inv.csv:5"));
        assertThat(warnings).anyMatch(w -> w.contains("t_inv.csv:6") && w.contains("repeated"));
        assertThat(warnings).anyMatch(w -> w.contains("t_mem.csv:3"));
        // f5 has no valid memory row: the median of the apps' averages, here the only one, 300 MB.
        assertThat(trace.functions().get(1).memoryMb()).isEqualTo(300);
    }

    @Test
    void withoutAMemoryFileEveryFunctionGetsTheDefault() throws Exception {
        write("t_inv.csv", header2019(2), "f1,o1,a1,1,1");
        Trace trace = TraceFiles.read(dir.resolve("t").toString(), warnings::add);
        assertThat(trace.functions().getFirst().memoryMb()).isEqualTo(MemoryFallback.DEFAULT_MB);
        assertThat(warnings).anyMatch(w -> w.contains("t_mem.csv"));
    }

    @Test
    void a2019FileWithoutItsColumnsOrRowsIsAClearError() throws Exception {
        write("bad_inv.csv", "Function,minute_1", "f,1");
        assertThatThrownBy(() -> TraceFiles.read(dir.resolve("bad").toString(), warnings::add))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("no column HashOwner");
        write("empty_inv.csv", header2019(2), "f1,o1,a1,1");
        assertThatThrownBy(() -> TraceFiles.read(dir.resolve("empty").toString(), warnings::add))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("no valid function row");
        write("blank_inv.csv", "");
        assertThatThrownBy(() -> TraceFiles.read(dir.resolve("blank").toString(), warnings::add))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("header");
    }

    @Test
    void reads2021InvocationsByTheMinuteTheyStarted() throws Exception {
        Path file = write(
                "Azure2021_x.csv",
                "app,func,end_timestamp,duration",
                "a1,f1,59.5,0.5",
                "a1,f1,61.0,2.0",
                "a1,f1,130.0,1.0",
                "a2,f2,0.05,0.1",
                "a2,f2,nope,1",
                "a2,f2,5");
        Trace trace = TraceFiles.read(file.toString(), warnings::add);
        assertThat(trace.name()).isEqualTo("Azure2021_x");
        FunctionTrace f1 = trace.functions().getFirst();
        // Started at 59 s and 59 s (minute 0) and 129 s (minute 2).
        assertThat(f1.minutes()).containsExactly(0, 2);
        assertThat(f1.counts()).containsExactly(2, 1);
        assertThat(f1.memoryMb()).isEqualTo(MemoryFallback.DEFAULT_MB);
        // Ends before its duration: it started at the trace's start, minute 0.
        assertThat(trace.functions().get(1).minutes()).containsExactly(0);
        assertThat(trace.minutes()).isEqualTo(3);
        assertThat(warnings).hasSize(2);
    }

    @Test
    void detects2021WhenThePrefixPlusCsvExists() throws Exception {
        write("slice.csv", "app,func,end_timestamp,duration", "a,f,90,1");
        assertThat(TraceFiles.read(dir.resolve("slice").toString(), warnings::add)
                        .invocations())
                .isEqualTo(1);
    }

    @Test
    void aMissingTraceSaysWhatWasLookedFor() {
        assertThatThrownBy(() -> TraceFiles.read(dir.resolve("nothing").toString(), warnings::add))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("nothing_inv.csv")
                .hasMessageContaining("nothing.csv");
    }
}
