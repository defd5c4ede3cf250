package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.registry.FunctionSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class InvocationTargetTests {

    private static final InvokeProperties PROPERTIES = new InvokeProperties(
            Duration.ofSeconds(2),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            DataSize.ofMegabytes(7),
            new InvokeProperties.Breaker(50, 20, 10, Duration.ofSeconds(10)),
            new InvokeProperties.Bulkhead(100));

    @Test
    void reservesTheProvisionedConcurrencySummedOverQualifiers() {
        var function = snapshot(20, Map.of("live", 3, "2", 4), 10);
        assertThat(target(function).provisioned()).isEqualTo(7);
    }

    @Test
    void reservesNothingForReservedConcurrencyWhichIsOnlyACap() {
        assertThat(target(snapshot(7, Map.of(), 10)).provisioned()).isZero();
        assertThat(target(snapshot(null, Map.of(), 10)).provisioned()).isZero();
    }

    @Test
    void waitsForTheFunctionsTimeoutPlusTheMargin() {
        assertThat(target(snapshot(null, Map.of(), 10)).timeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void treatsAnUnknownFunctionAsUnreservedWithTheDefaultTimeout() {
        var target = InvocationTarget.of("acme", "ghost", Optional.empty(), PROPERTIES);
        assertThat(target).isEqualTo(new InvocationTarget("acme:ghost", 0, Duration.ofSeconds(60)));
    }

    @Test
    void keysTheFunctionByTenantAndName() {
        assertThat(target(snapshot(null, Map.of(), 3)).functionKey()).isEqualTo("acme:hello");
    }

    private static InvocationTarget target(FunctionSnapshot function) {
        return InvocationTarget.of("acme", "hello", Optional.of(function), PROPERTIES);
    }

    private static FunctionSnapshot snapshot(Integer reserved, Map<String, Integer> provisioned, int timeoutSeconds) {
        return new FunctionSnapshot(
                "acme",
                "000000000001",
                "hello",
                "arn:aws:lambda:us-east-1:000000000001:function:hello",
                "python3.11",
                "app.handler",
                128,
                timeoutSeconds,
                "c2hh",
                List.of("1", "2"),
                Map.of(),
                reserved,
                provisioned,
                1,
                Instant.parse("2026-11-23T10:00:00Z"));
    }
}
