package dev.arclight.placement.invocation;

import dev.arclight.contracts.pool.InvocationStart;
import dev.arclight.contracts.worker.FunctionErrors;
import dev.arclight.contracts.worker.FunctionInitFailure;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.placement.concurrency.ConcurrencyLimiter;
import dev.arclight.placement.container.ContainerPool;
import dev.arclight.placement.container.ContainerSpec;
import dev.arclight.placement.container.ContainerSpecs;
import dev.arclight.placement.lambda.LambdaException;
import dev.arclight.placement.worker.WorkerException;
import dev.arclight.placement.worker.WorkerProperties;
import dev.arclight.placement.worker.WorkerRejectedException;
import dev.arclight.placement.worker.WorkerUnavailableException;
import dev.arclight.placement.worker.Workers;
import java.time.Duration;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a call on this instance: resolves the version, takes a concurrency slot for as long as the
 * call runs, takes a container from the pool (idle, or started for the call), invokes it on its
 * worker and hands it back.
 *
 * <p>A worker that fails or stops answering during the call costs the container (it is dropped,
 * and stopped if the worker still answers) and the caller gets a 502 at the latest when the
 * function's own timeout plus a margin has passed, never a hang. A function that timed out or
 * crashed its runtime gets its container replaced too, as Lambda resets such an environment.
 *
 * <p>A worker that answers that the container or its VM is gone ({@code NoSuchContainer}, {@code
 * NoSuchVm}: it restarted; or a VM-scoped 503 to a container start: the guest died) has run nothing:
 * the books drop what they held and the call tries again, up to {@value #ATTEMPTS_WHILE_GONE} attempts
 * in all, so that the first call after a worker's restart or a guest's death is served. A VM-scoped
 * 503 during a call costs the whole VM, not just the container, but is not retried: the call may
 * have run.
 *
 * <p>A container that cannot start because of the function's own code (its runtime exited, an
 * import failed, the handler is missing: the worker's {@link FunctionInitFailure}) is the call's
 * function error, at once, as Lambda answers it; the next call starts a new container.
 */
@Service
public class PlacementInvoker implements Invoker {

    private final FunctionResolver resolver;
    private final ContainerSpecs specs;
    private final ContainerPool pool;
    private final Workers workers;
    private final ConcurrencyLimiter limiter;
    private final Duration invokeMargin;
    private final InvocationMetrics metrics;
    private final JsonMapper json;

    /** Attempts of one call while the worker answers that what the books held is gone. */
    static final int ATTEMPTS_WHILE_GONE = 3;

    PlacementInvoker(
            FunctionResolver resolver,
            ContainerSpecs specs,
            ContainerPool pool,
            Workers workers,
            ConcurrencyLimiter limiter,
            WorkerProperties workerProperties,
            InvocationMetrics metrics,
            JsonMapper json) {
        this.resolver = resolver;
        this.specs = specs;
        this.pool = pool;
        this.workers = workers;
        this.limiter = limiter;
        this.invokeMargin = workerProperties.invokeTimeoutMargin();
        this.metrics = metrics;
        this.json = json;
    }

    @Override
    public InvocationOutcome invoke(Invocation invocation) {
        return execute(invocation).outcome();
    }

    /** {@link #invoke}, also telling whether the call found a warm container. */
    public Execution execute(Invocation invocation) {
        long began = System.nanoTime();
        try {
            var execution = run(invocation);
            metrics.ran(execution, Duration.ofNanos(System.nanoTime() - began));
            return execution;
        } catch (LambdaException e) {
            metrics.failed(e);
            throw e;
        }
    }

    private Execution run(Invocation invocation) {
        var resolved = resolver.resolve(invocation);
        var spec = specs.of(resolved.caller(), resolved.version());
        try (var permit = limiter.acquire(
                invocation.tenant(), resolved.functionArn(), resolved.function().reservedConcurrency())) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return once(invocation, resolved, spec);
                } catch (NothingRan e) {
                    // The books have let go of what was gone, so the next attempt finds what is there.
                    if (attempt == ATTEMPTS_WHILE_GONE) {
                        throw WorkerFailures.toLambda(e.failure, "The function's execution environment is gone");
                    }
                }
            }
        }
    }

    /**
     * The worker said the container or VM the books chose is gone, before anything ran: a restarted
     * worker's 404 ({@link WorkerRejectedException#gone()}), or a VM-scoped 503 when starting a
     * container (its guest died). The call can be tried again.
     */
    private static final class NothingRan extends RuntimeException {

        private final WorkerException failure;

        NothingRan(WorkerException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    /** One attempt; {@link NothingRan} when it can be tried again. */
    private Execution once(Invocation invocation, FunctionResolver.Resolved resolved, ContainerSpec spec) {
        long acquiring = System.nanoTime();
        ContainerPool.Lease lease;
        try {
            lease = pool.acquire(spec);
        } catch (WorkerException e) {
            if (e instanceof WorkerRejectedException rejected && rejected.initFailure() != null) {
                double ms = (System.nanoTime() - acquiring) / 1e6;
                var version = resolved.version().versionName();
                // A start that fails was no warm one, wherever its VM came from.
                var failed = initFailed(invocation, spec, version, rejected.initFailure(), ms);
                return new Execution(failed, InvocationStart.COLD);
            }
            if (gone(e) || e instanceof WorkerUnavailableException unavailable && unavailable.vmScoped()) {
                throw new NothingRan(e);
            }
            throw WorkerFailures.toLambda(e, "Could not start the function's execution environment");
        }
        InvokeContainerResult result;
        try {
            result = workers.client(lease.handle().workerId())
                    .invoke(
                            lease.handle().containerId(),
                            new InvokeContainerRequest(
                                    invocation.requestId(), invocation.payload(), invocation.clientContext()),
                            Duration.ofSeconds(spec.timeoutSeconds()).plus(invokeMargin));
        } catch (WorkerException e) {
            if (e instanceof WorkerUnavailableException unavailable && unavailable.vmScoped()) {
                pool.loseVm(lease);
            } else {
                pool.discard(lease);
            }
            if (gone(e)) {
                throw new NothingRan(e);
            }
            throw WorkerFailures.toLambda(e, "The function's execution environment failed during the call");
        } catch (RuntimeException e) {
            pool.discard(lease);
            throw e;
        }
        if (result == null
                || !(InvokeContainerResult.SUCCESS.equals(result.status())
                        || InvokeContainerResult.ERROR.equals(result.status()))) {
            pool.discard(lease);
            throw new LambdaException.EC2UnexpectedException("The worker gave no usable invocation result");
        }
        if (resetsEnvironment(result)) {
            pool.discard(lease);
        } else {
            pool.release(lease);
        }
        return new Execution(outcome(invocation, spec, resolved.version().versionName(), result), lease.start());
    }

    private static boolean gone(WorkerException e) {
        return e instanceof WorkerRejectedException rejected && rejected.gone();
    }

    private InvocationOutcome outcome(
            Invocation invocation, ContainerSpec spec, String version, InvokeContainerResult result) {
        var log = LogTail.withReport(
                result.logTail(),
                invocation.requestId(),
                result.durationMs(),
                spec.memoryMib(),
                result.initDurationMs());
        if (InvokeContainerResult.SUCCESS.equals(result.status())) {
            var payload = result.payload() == null ? "null" : result.payload();
            return new InvocationOutcome.Succeeded(version, payload, log, result.durationMs());
        }
        return new InvocationOutcome.FunctionFailed(
                version, FunctionErrors.UNHANDLED, errorJson(result), log, result.durationMs());
    }

    /**
     * The runtime's own error JSON when it posted one, else Lambda's for a failure the platform saw:
     * {@code "RequestId: <id> Error: Runtime exited with error: exit status 1"}.
     */
    private InvocationOutcome initFailed(
            Invocation invocation, ContainerSpec spec, String version, FunctionInitFailure failure, double ms) {
        var errorJson = failure.errorJson();
        if (errorJson == null || errorJson.isBlank()) {
            var body = json.createObjectNode();
            body.put("errorMessage", "RequestId: " + invocation.requestId() + " Error: " + failure.errorMessage());
            body.put("errorType", failure.errorType());
            errorJson = json.writeValueAsString(body);
        }
        var log = LogTail.withReport(failure.logTail(), invocation.requestId(), ms, spec.memoryMib(), null);
        return new InvocationOutcome.FunctionFailed(version, FunctionErrors.UNHANDLED, errorJson, log, ms);
    }

    private String errorJson(InvokeContainerResult result) {
        if (result.payload() != null && !result.payload().isBlank()) {
            return result.payload();
        }
        var body = json.createObjectNode();
        body.put("errorMessage", "The function failed without a message");
        body.put("errorType", result.errorType() == null ? FunctionErrors.UNHANDLED : result.errorType());
        return json.writeValueAsString(body);
    }

    /** A timed-out, crashed or failed-to-init runtime leaves the container in an unknown state: replace it. */
    private static boolean resetsEnvironment(InvokeContainerResult result) {
        return InvokeContainerResult.ERROR.equals(result.status())
                && FunctionErrors.resetsEnvironment(result.errorType());
    }
}
