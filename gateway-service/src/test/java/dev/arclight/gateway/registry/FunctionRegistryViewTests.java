package dev.arclight.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.registry.FunctionSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionRegistryViewTests {

    private final FunctionRegistryView view = new FunctionRegistryView();

    @Test
    void keepsTheLatestSnapshotOfEachFunction() {
        assertThat(view.apply(snapshot("local", "hello", 1, 128))).isTrue();
        assertThat(view.apply(snapshot("local", "hello", 2, 256))).isTrue();

        assertThat(view.find("local", "hello"))
                .hasValueSatisfying(f -> assertThat(f.memoryMib()).isEqualTo(256));
    }

    @Test
    void ignoresASnapshotOlderThanTheOneHeld() {
        view.apply(snapshot("local", "hello", 5, 512));

        assertThat(view.apply(snapshot("local", "hello", 4, 128))).isFalse();
        assertThat(view.find("local", "hello"))
                .hasValueSatisfying(f -> assertThat(f.revision()).isEqualTo(5));
    }

    @Test
    void keepsTenantsApartEvenForTheSameFunctionName() {
        view.apply(snapshot("local", "hello", 1, 128));
        view.apply(snapshot("acme", "hello", 1, 1024));

        assertThat(view.find("local", "hello"))
                .hasValueSatisfying(f -> assertThat(f.memoryMib()).isEqualTo(128));
        assertThat(view.find("acme", "hello"))
                .hasValueSatisfying(f -> assertThat(f.memoryMib()).isEqualTo(1024));
        assertThat(view.all()).extracting(FunctionSnapshot::tenant).containsExactly("acme", "local");
    }

    @Test
    void forgetsADeletedFunctionByItsArn() {
        var hello = snapshot("local", "hello", 3, 128);
        view.apply(hello);
        view.apply(snapshot("local", "other", 1, 128));

        assertThat(view.delete(hello.functionArn())).isTrue();

        assertThat(view.find("local", "hello")).isEmpty();
        assertThat(view.all()).extracting(FunctionSnapshot::functionName).containsExactly("other");
        assertThat(view.delete(hello.functionArn())).isFalse();
    }

    @Test
    void takesAFunctionCreatedAgainAfterItsDeletion() {
        var hello = snapshot("local", "hello", 7, 128);
        view.apply(hello);
        view.delete(hello.functionArn());

        assertThat(view.apply(snapshot("local", "hello", 1, 256))).isTrue();
        assertThat(view.find("local", "hello")).isPresent();
    }

    static FunctionSnapshot snapshot(String tenant, String name, long revision, int memoryMib) {
        var account = tenant.equals("local") ? "000000000001" : "000000000002";
        return new FunctionSnapshot(
                tenant,
                account,
                name,
                "arn:aws:lambda:us-east-1:" + account + ":function:" + name,
                "python3.12",
                "app.handler",
                memoryMib,
                3,
                "c2hhMjU2",
                List.of(),
                Map.of(),
                null,
                Map.of(),
                revision,
                Instant.parse("2026-11-23T10:00:00Z"));
    }
}
