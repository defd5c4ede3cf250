package dev.arclight.worker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.contracts.worker.StartContainerRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerRequestsTests {

    private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:f:1";
    private static final String ZIP = Base64.getEncoder().encodeToString(new byte[] {'P', 'K', 3, 4});

    private static StartContainerRequest request(String id, Integer memoryMib, Integer timeoutSeconds, String zip) {
        return new StartContainerRequest(
                id, ARN, null, "python3.11", "app.handler", zip, memoryMib, timeoutSeconds, Map.of("A", "1"));
    }

    @Test
    void fillsInLambdasDefaultsAndAnId() {
        var container = ContainerRequests.from(request(null, null, null, ZIP));

        assertThat(container.containerId()).matches("c-[0-9a-f]{16}");
        assertThat(container.functionVersion()).isEqualTo("$LATEST");
        assertThat(container.memoryMib()).isEqualTo(128);
        assertThat(container.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(container.code()).containsExactly('P', 'K', 3, 4);
        assertThat(container.environment()).containsEntry("A", "1");
    }

    @Test
    void rejectsMemoryOutOfRange() {
        assertThatThrownBy(() -> ContainerRequests.from(request("c", 8, 3, ZIP)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("memoryMib must be between 16 and 10240, was 8");
        assertThatThrownBy(() -> ContainerRequests.from(request("c", 20_000, 3, ZIP)))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void rejectsTimeoutsBeyondLambdasFifteenMinutes() {
        assertThatThrownBy(() -> ContainerRequests.from(request("c", 128, 901, ZIP)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("timeoutSeconds");
    }

    @Test
    void rejectsIdsThatCouldNameSomethingOutsideTheContainersDirectory() {
        assertThatThrownBy(() -> ContainerRequests.from(request("../etc", 128, 3, ZIP)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("containerId");
    }

    @Test
    void rejectsCodeThatIsNotBase64() {
        assertThatThrownBy(() -> ContainerRequests.from(request("c", 128, 3, "not base64!")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("base64");
    }
}
