package dev.arclight.placement.invocation;

import dev.arclight.contracts.worker.InvokeContainerRequest;
import dev.arclight.contracts.worker.InvokeContainerResult;
import dev.arclight.placement.concurrency.ConcurrencyLimiter;
import dev.arclight.placement.container.ContainerPool;
import dev.arclight.placement.container.ContainerSpec;
import dev.arclight.placement.container.ContainerSpecs;
import dev.arclight.placement.registry.LambdaException;
import dev.arclight.placement.worker.WorkerException;
import dev.arclight.placement.worker.WorkerProperties;
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
            metrics.failed(e.type());
            throw e;
        }
    }

    private Execution run(Invocation invocation) {
        var resolved = resolver.resolve(invocation.tenant(), invocation.functionName(), invocation.qualifier());
        var spec = specs.of(resolved.caller(), resolved.version());
        try (var permit = limiter.acquire(
                invocation.tenant(), resolved.functionArn(), resolved.function().reservedConcurrency())) {
            var lease = acquire(spec);
            InvokeContainerResult result;
            try {
                result = workers.client(lease.handle().workerId())
                        .invoke(
                                lease.handle().containerId(),
                                new InvokeContainerRequest(
                                        invocation.requestId(), invocation.payload(), invocation.clientContext()),
                                Duration.ofSeconds(spec.timeoutSeconds()).plus(invokeMargin));
            } catch (WorkerException e) {
                pool.discard(lease);
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
            return new Execution(outcome(invocation, spec, resolved.version().versionName(), result), lease.cold());
        }
    }

    private ContainerPool.Lease acquire(ContainerSpec spec) {
        try {
            return pool.acquire(spec);
        } catch (WorkerException e) {
            throw WorkerFailures.toLambda(e, "Could not start the function's execution environment");
        }
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
        return new InvocationOutcome.FunctionFailed(version, "Unhandled", errorJson(result), log, result.durationMs());
    }

    private String errorJson(InvokeContainerResult result) {
        if (result.payload() != null && !result.payload().isBlank()) {
            return result.payload();
        }
        var body = json.createObjectNode();
        body.put("errorMessage", "The function failed without a message");
        body.put("errorType", result.errorType() == null ? "Unhandled" : result.errorType());
        return json.writeValueAsString(body);
    }

    /** A timed-out or crashed runtime leaves the container in an unknown state: replace it. */
    private static boolean resetsEnvironment(InvokeContainerResult result) {
        var type = result.errorType();
        return InvokeContainerResult.ERROR.equals(result.status())
                && type != null
                && (type.startsWith("Sandbox.") || type.startsWith("Runtime.Exit"));
    }
}
