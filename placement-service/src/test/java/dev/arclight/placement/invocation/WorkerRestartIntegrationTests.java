package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.contracts.invocation.InvocationHeaders;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the books do when the worker says what they held is gone: the next call is served, not
 * failed on the stale container or VM.
 */
class WorkerRestartIntegrationTests extends InvocationTestSupport {

    @AfterEach
    void reviveVms() {
        WORKER.deadVms.clear();
    }

    @Test
    void theFirstCallAfterTheWorkerForgotItsContainersIsServedInANewContainer() {
        createFunction("restarted", "app.handler", 3);
        assertThat(invoke("restarted", "{}").status()).isEqualTo(200);
        var before = WORKER.startsOf(arn("restarted", "$LATEST")).getFirst();

        WORKER.forgetContainers();
        var reply = invoke("restarted", "{\"after\":true}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"after\":true}");
        assertThat(reply.header(InvocationHeaders.START)).isEqualTo("tenant-vm");
        assertThat(WORKER.startsOf(arn("restarted", "$LATEST"))).hasSize(2);
        assertThat(WORKER.vmOf(
                        WORKER.startsOf(arn("restarted", "$LATEST")).get(1).containerId()))
                .isEqualTo(WORKER.vmOf(before.containerId()));
        assertThat(limiter.released.get()).isEqualTo(limiter.acquired.get());
    }

    @Test
    void aCallWhoseVmDiedCostsTheVmSoTheNextCallBootsANewOne() {
        createFunction("guest-dies", "app.handler", 3);
        assertThat(invoke("guest-dies", "{}").status()).isEqualTo(200);
        var vm = WORKER.vmOf(
                WORKER.startsOf(arn("guest-dies", "$LATEST")).getFirst().containerId());

        WORKER.deadVms.add(vm);
        var failed = invoke("guest-dies", "{}");
        var next = invoke("guest-dies", "{}");

        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.errorType()).isEqualTo("EC2UnexpectedException");
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.header(InvocationHeaders.START)).isEqualTo("cold");
        await().atMost(Duration.ofSeconds(5)).until(() -> WORKER.destroyedVms.contains(vm));
    }

    @Test
    void aContainerStartInAVmWhoseGuestDiedIsRetriedInANewVm() {
        createFunction("holder", "app.handler", 3);
        createFunction("newcomer", "app.handler", 3);
        assertThat(invoke("holder", "{}").status()).isEqualTo(200);
        var vm =
                WORKER.vmOf(WORKER.startsOf(arn("holder", "$LATEST")).getFirst().containerId());

        WORKER.deadVms.add(vm);
        var reply = invoke("newcomer", "{}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header(InvocationHeaders.START)).isEqualTo("cold");
        var started = WORKER.startsOf(arn("newcomer", "$LATEST"));
        assertThat(started).hasSize(2);
        assertThat(WORKER.vmOf(started.get(1).containerId())).isNotEqualTo(vm);
    }
}
