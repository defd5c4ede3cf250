package dev.arclight.placement;

import dev.arclight.placement.invocation.Invocation;
import dev.arclight.placement.invocation.InvocationOutcome;
import dev.arclight.placement.invocation.Invoker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stands in for the sandbox (containers in VMs on workers) in tests of what happens around a call:
 * each test sets, per function name, what a call does. Everything else (PostgreSQL, Kafka) is real.
 */
public class TestInvoker implements Invoker {

    /** What one call of a function does; {@code callNumber} counts from 1 per function. */
    @FunctionalInterface
    public interface Behaviour {
        InvocationOutcome call(Invocation invocation, int callNumber) throws Exception;
    }

    /** One call as the invoker saw it: on which thread (so which consumer) and when. */
    public record Call(Invocation invocation, int callNumber, String thread, Instant at) {}

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public void behave(String functionName, Behaviour behaviour) {
        behaviours.put(functionName, behaviour);
    }

    public List<Call> calls(String functionName) {
        return calls.stream()
                .filter(call -> call.invocation().functionName().equals(functionName))
                .toList();
    }

    @Override
    public InvocationOutcome invoke(Invocation invocation) {
        int number;
        synchronized (this) {
            number = (int) calls(invocation.functionName()).size() + 1;
            calls.add(new Call(invocation, number, Thread.currentThread().getName(), Instant.now()));
        }
        var behaviour = behaviours.getOrDefault(invocation.functionName(), (call, n) -> succeeded(call.payload()));
        try {
            return behaviour.call(invocation, number);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static InvocationOutcome succeeded(String payload) {
        return new InvocationOutcome.Succeeded("$LATEST", payload, "", 1.0);
    }

    public static InvocationOutcome failed(String message) {
        return new InvocationOutcome.FunctionFailed(
                "$LATEST",
                "Unhandled",
                "{\"errorMessage\":\"" + message + "\",\"errorType\":\"RuntimeError\",\"stackTrace\":[]}",
                "",
                1.0);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        /** Primary, so that it replaces the real invoker in these tests. */
        @Bean
        @Primary
        TestInvoker testInvoker() {
            return new TestInvoker();
        }
    }
}
