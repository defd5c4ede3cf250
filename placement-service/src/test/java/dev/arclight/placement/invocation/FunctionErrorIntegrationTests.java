package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.InvocationHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function's own failures, as the worker reports them, become Lambda's function errors. */
class FunctionErrorIntegrationTests extends InvocationTestSupport {

    @Test
    void aRuntimeThatCannotImportItsModuleIsAFunctionErrorAtOnceAndTheNextCallStartsAgain() {
        createFunction("noimport", "importfail.handler", 30);

        long began = System.nanoTime();
        var first = invoke("noimport", "{}", Map.of("X-Amz-Log-Type", "Tail"));
        var elapsed = Duration.ofNanos(System.nanoTime() - began);
        var second = invoke("noimport", "{}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-Amz-Function-Error")).isEqualTo("Unhandled");
        assertThat(first.header("X-Amz-Executed-Version")).isEqualTo("$LATEST");
        assertThat(first.header(InvocationHeaders.START)).isEqualTo("cold");
        assertThat(first.json().path("errorType").asString()).isEqualTo("Runtime.ImportModuleError");
        assertThat(first.json().path("errorMessage").asString())
                .isEqualTo("Unable to import module 'app': No module named 'nope'");
        var log = new String(Base64.getDecoder().decode(first.header("X-Amz-Log-Result")), StandardCharsets.UTF_8);
        assertThat(log).contains("Traceback (most recent call last)");
        assertThat(log).contains("REPORT RequestId: " + first.header("x-amzn-RequestId"));
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("X-Amz-Function-Error")).isEqualTo("Unhandled");
        assertThat(WORKER.startsOf(arn("noimport", "$LATEST")))
                .as("a new init per call")
                .hasSize(2);
        assertThat(limiter.released.get()).isEqualTo(limiter.acquired.get());
    }

    @Test
    void aBootstrapThatExitsDuringInitGetsLambdasExitErrorWithTheRequestId() {
        createFunction("exits", "exitfail.handler", 30);

        var reply = invoke("exits", "{}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("X-Amz-Function-Error")).isEqualTo("Unhandled");
        assertThat(reply.json().path("errorType").asString()).isEqualTo("Runtime.ExitError");
        assertThat(reply.json().path("errorMessage").asString())
                .isEqualTo("RequestId: " + reply.header("x-amzn-RequestId")
                        + " Error: Runtime exited with error: exit status 1");
    }

    @Test
    void aRuntimeThatExitsDuringACallIsAFunctionErrorAndItsContainerIsReplaced() {
        createFunction("crashes", "crash.handler", 3);

        var first = invoke("crashes", "{}");
        var second = invoke("crashes", "{}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-Amz-Function-Error")).isEqualTo("Unhandled");
        assertThat(first.json().path("errorType").asString()).isEqualTo("Runtime.ExitError");
        // A new container, in the VM the tenant already holds.
        assertThat(second.header(InvocationHeaders.START)).isEqualTo("tenant-vm");
        var started = WORKER.startsOf(arn("crashes", "$LATEST"));
        assertThat(started).hasSize(2);
        assertThat(WORKER.stoppedContainers).contains(started.getFirst().containerId());
    }

    @Test
    void aZipTheGuestRefusesToUnpackIsLambdasInvalidZipFileException() {
        createFunction("evilzip", "badzip.handler", 3);

        var reply = invoke("evilzip", "{}");

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.errorType()).isEqualTo("InvalidZipFileException");
        assertThat(reply.json().path("Type").asString()).isEqualTo("Service");
        assertThat(reply.json().path("message").asString()).contains("leaves the task folder");
        assertThat(limiter.released.get()).isEqualTo(limiter.acquired.get());
    }
}
