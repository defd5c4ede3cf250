package dev.arclight.pool.claim;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.pool.web.PoolException;
import org.junit.jupiter.api.Test;

class ClaimRequestValidationTests {

    @Test
    void acceptsAClaimOfAKnownRuntimeWithinLambdasMemoryRange() {
        assertThatCode(() -> ClaimService.validate(new ClaimVmRequest("local", "python3.11", 128, null)))
                .doesNotThrowAnyException();
        assertThatCode(() -> ClaimService.validate(new ClaimVmRequest("local", "provided.al2023", 10240, "p")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAMissingTenantAnUnknownRuntimeAndMemoryOutOfRange() {
        for (var request : new ClaimVmRequest[] {
            null,
            new ClaimVmRequest(null, "python3.11", 256, "p"),
            new ClaimVmRequest("", "python3.11", 256, "p"),
            new ClaimVmRequest("a b", "python3.11", 256, "p"),
            new ClaimVmRequest("local", "java8", 256, "p"),
            new ClaimVmRequest("local", null, 256, "p"),
            new ClaimVmRequest("local", "python3.11", 127, "p"),
            new ClaimVmRequest("local", "python3.11", 10241, "p")
        }) {
            assertThatThrownBy(() -> ClaimService.validate(request))
                    .isInstanceOf(PoolException.class)
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((PoolException) e).type())
                            .isEqualTo("InvalidParameterValueException"));
        }
    }
}
