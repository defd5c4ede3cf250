package dev.arclight.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorCliTests {

    /** The development sample, when this machine has it (the lead's and the engineers' do). */
    private static final Path SAMPLE = Path.of("/work/shared/traces/azure-functions-2019-sample/100");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulatorCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheJsonShapeForTheDevelopmentSample() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.exists(Path.of(SAMPLE + "_inv.csv")), "the development sample is not on this machine");
        assertThat(run("--trace", SAMPLE.toString(), "--format", "json")).isZero();
        String json = out.toString(StandardCharsets.UTF_8).strip();
        DocumentContext doc = JsonPath.parse(json);
        assertThat(doc.read("$.trace", String.class)).isEqualTo("100");
        assertThat(doc.read("$.functions", Integer.class)).isEqualTo(100);
        assertThat(doc.read("$.invocations", Long.class)).isEqualTo(86751L);
        List<String> names = doc.read("$.policies[*].name");
        assertThat(names)
                .containsExactly(
                        "arclight", "fixed-10", "hybrid", "no-keepalive", "hybrid+reclaim", "fixed-10+reclaim");
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> policy = doc.read("$.policies[" + i + "]");
            assertThat(policy)
                    .containsOnlyKeys(
                            "name", "coldStartPercent", "p75ColdStartPercent", "wastedMemoryTime", "peakMemoryMib");
            assertThat(policy.get("coldStartPercent")).isInstanceOf(Number.class);
            assertThat(policy.get("p75ColdStartPercent")).isInstanceOf(Number.class);
            assertThat(policy.get("wastedMemoryTime")).isInstanceOf(Number.class);
            assertThat(policy.get("peakMemoryMib")).isInstanceOfAny(Integer.class, Long.class);
        }
        // The keys in the documented order, the top level first.
        assertThat(json)
                .matches("\\{\"trace\": \"100\", \"functions\": 100, \"invocations\": 86751, \"policies\": \\[.*\\]}");
        assertThat(json).contains("{\"name\": \"arclight\", \"coldStartPercent\": ");
        assertThat(((Number) doc.read("$.policies[3].wastedMemoryTime")).doubleValue())
                .isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("arclight done");
    }

    @Test
    void drawsThePlot(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), "app,func,end_timestamp,duration\na,f,10,1\na,f,700,1\n");
        Path png = dir.resolve("plot.png");
        assertThat(run("--trace", trace.toString(), "--plot", png.toString())).isZero();
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("arclight").contains("hybrid");
    }

    @Test
    void foldsPrintTheHeldOutTableInsteadOfTheRows(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(
                dir.resolve("t.csv"), "app,func,end_timestamp,duration\na,f,10,1\na,f,700,1\na,g,20,1\na,g,90,1\n");
        assertThat(run("--trace", trace.toString(), "--folds", "2")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("2 folds")
                .contains("arclight@60")
                .doesNotContain("no-keepalive");
    }

    @Test
    void foldsTakeTwoToSixteenAndNoOtherOutput() {
        assertThat(run("--trace", "x", "--folds", "1")).isEqualTo(2);
        assertThat(run("--trace", "x", "--folds", "many")).isEqualTo(2);
        assertThat(run("--trace", "x", "--folds", "4", "--format", "json")).isEqualTo(2);
        assertThat(run("--trace", "x", "--folds", "4", "--plot", "p.png")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--folds is a number from 2 to 16")
                .contains("no --plot or --format json");
    }

    @Test
    void badArgumentsExitTwoWithTheUsage() {
        assertThat(run("--format", "xml", "--trace", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--format is table or json")
                .contains("Usage");
        assertThat(run()).isEqualTo(2);
        assertThat(run("--trace")).isEqualTo(2);
    }

    @Test
    void anUnreadableTraceExitsOneWithoutAStackTrace(@TempDir Path dir) throws Exception {
        assertThat(run("--trace", dir.resolve("missing").toString())).isEqualTo(1);
        Files.writeString(dir.resolve("bad_inv.csv"), "garbage\n\u0000\u0001");
        assertThat(run("--trace", dir.resolve("bad").toString())).isEqualTo(1);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(errors).contains("no trace at").contains("no column HashOwner");
        assertThat(errors).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
