package dev.arclight.pool.subpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.pool.web.PoolException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubPoolValidatorTests {

    private final SubPoolValidator validator = new SubPoolValidator(8, 2048);

    @Test
    void aValidDefinitionGrowsToTheConfiguredMaximumMemory() {
        var definition = validator.validate("py-512", new SubPoolRequest(List.of("python3.11"), 512L, null, 1, 2));

        assertThat(definition.maxMemoryMib()).isEqualTo(2048);
        assertThat(definition.reserved()).isFalse();
    }

    @Test
    void aSubPoolBiggerThanTheConfiguredMaximumKeepsItsOwnMemoryAsMaximum() {
        var definition = validator.validate("big", new SubPoolRequest(List.of("provided"), 4096L, "tenant-a", 0, 8));

        assertThat(definition.maxMemoryMib()).isEqualTo(4096);
        assertThat(definition.reserved()).isTrue();
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        validator.validate("a", new SubPoolRequest(List.of("provided"), 128L, null, 0, 0));
        validator.validate("b", new SubPoolRequest(List.of("provided"), 10240L, null, 8, 8));
        validator.validate("c", new SubPoolRequest(Runtimes.KNOWN, 512L, null, 0, 1));
    }

    @Test
    void refusesEachInvalidField() {
        List<Object[]> cases = List.of(
                new Object[] {"BAD", new SubPoolRequest(List.of("provided"), 512L, null, 1, 2)},
                new Object[] {"-x", new SubPoolRequest(List.of("provided"), 512L, null, 1, 2)},
                new Object[] {null, new SubPoolRequest(List.of("provided"), 512L, null, 1, 2)},
                new Object[] {"ok", null},
                new Object[] {"ok", new SubPoolRequest(null, 512L, null, 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of(), 512L, null, 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("java21"), 512L, null, 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided", "provided"), 512L, null, 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), null, null, 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 127L, null, 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 10241L, null, 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 512L, "", 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 512L, "a tenant", 1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 512L, null, null, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 512L, null, 1, null)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 512L, null, -1, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 512L, null, 3, 2)},
                new Object[] {"ok", new SubPoolRequest(List.of("provided"), 512L, null, 1, 9)});
        for (var c : cases) {
            assertThatThrownBy(() -> validator.validate((String) c[0], (SubPoolRequest) c[1]))
                    .as("%s %s", c[0], c[1])
                    .isInstanceOf(PoolException.class);
        }
    }
}
