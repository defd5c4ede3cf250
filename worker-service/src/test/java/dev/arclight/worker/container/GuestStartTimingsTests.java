package dev.arclight.worker.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GuestStartTimingsTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsEveryTimerOfTheAgentsStartAnswer() {
        var answer = json.readTree("""
                {"containerId": "c1", "prepareMs": 21.5, "initMs": 150.0, "queuedMs": 1.5, "importMs": 2.0,
                 "codeMs": 3.0, "takeMs": 0.5, "inAgentMs": 180.0}
                """);

        assertThat(GuestStartTimings.from(answer))
                .isEqualTo(new GuestStartTimings(1.5, 2.0, 3.0, 0.5, 21.5, 150.0, 180.0));
    }

    @Test
    void anAgentWithoutTheNewTimersGivesZerosForThem() {
        var answer = json.readTree("{\"containerId\": \"c1\", \"prepareMs\": 21.5, \"initMs\": 150.0}");

        assertThat(GuestStartTimings.from(answer)).isEqualTo(new GuestStartTimings(0, 0, 0, 0, 21.5, 150.0, 0));
    }
}
