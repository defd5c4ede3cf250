package dev.arclight.e2e;

import static dev.arclight.e2e.FunctionRegistryEndToEndTests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.InvocationHeaders;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The warm pool on the real platform: pool-service with its shipped sub-pools, the worker booting
 * (or restoring) their VMs, placement claiming them. A tenant that holds no VM yet creates a
 * function and calls it once the pool shows a warm VM of its runtime: the call is served in a claimed
 * VM ({@code X-Arclight-Start: pool}), not a booted one. The wall time each first call took, as the
 * AWS SDK saw it, is printed (measured, not asserted: see docs/benchmarks.md for the numbers).
 */
class PoolEndToEndTests {

    private static LambdaClient lambda;

    @BeforeAll
    static void connect() {
        lambda = LambdaClients.forTenant(TestTenants.POOL_ACCESS_KEY, TestTenants.POOL_SECRET);
    }

    @AfterAll
    static void disconnect() {
        lambda.close();
    }

    @Test
    void theFirstCallOfNewFunctionsIsServedFromTheWarmPool() {
        // A fresh tenant: its first call cannot find a VM of its own, so only the pool can spare a boot.
        var python256 = firstCall("python3.11", Runtime.PYTHON3_11, 256);
        // The tenant now holds the claimed Python VM, which has room but no Node.js spare: a claim of a
        // VM with Node.js pre-started beats an interpreter start in it.
        var node128 = firstCall("nodejs18.x", Runtime.NODEJS18_X, 128);
        // Larger than anything the tenant holds: a pooled VM resized on claim, not a boot.
        var python1024 = firstCall("python3.11", Runtime.PYTHON3_11, 1024);

        assertThat(python256).isEqualTo("pool");
        assertThat(node128).isEqualTo("pool");
        assertThat(python1024).isEqualTo("pool");
    }

    /** Creates a function, waits for a warm VM of its runtime, calls it: the call's start header. */
    private static String firstCall(String runtimeName, Runtime runtime, int memoryMib) {
        var name = uniqueName("pool-" + runtimeName.replace('.', '-') + "-" + memoryMib);
        var zip = runtime == Runtime.NODEJS18_X ? FunctionZips.example("nodejs") : FunctionZips.echoPython();
        var handler = runtime == Runtime.NODEJS18_X ? "index.handler" : "handler.handler";
        lambda.createFunction(r -> r.functionName(name)
                .runtime(runtime)
                .handler(handler)
                .memorySize(memoryMib)
                .role("arn:aws:iam::000000000000:role/e2e")
                .timeout(30)
                .code(c -> c.zipFile(zip)));
        WarmPool.awaitWarm(runtimeName);

        long began = System.nanoTime();
        InvokeResponse response = lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String("{}")));
        var elapsed = Duration.ofNanos(System.nanoTime() - began);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        var start = response.sdkHttpResponse()
                .firstMatchingHeader(InvocationHeaders.START)
                .orElse(null);
        System.out.printf(
                "pool e2e: %s %d MiB first call %s in %d ms (SDK wall time)%n",
                runtimeName, memoryMib, start, elapsed.toMillis());
        return start;
    }
}
