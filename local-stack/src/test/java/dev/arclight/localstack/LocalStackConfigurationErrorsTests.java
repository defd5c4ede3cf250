package dev.arclight.localstack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration must end in one sentence the user can act on, before anything is started. */
class LocalStackConfigurationErrorsTests {

    @TempDir
    Path home;

    @Test
    void refusesAHomeItCannotWriteTo() {
        var unwritable = new LocalStackSettings(Path.of("/proc/arclight-test"), 1, 2, 3);

        assertThatThrownBy(() -> LocalStack.start(unwritable))
                .isInstanceOf(LocalStackException.class)
                .hasMessageStartingWith("cannot write the ARCLIGHT_HOME directory /proc/arclight-test")
                .hasMessageContaining("set ARCLIGHT_HOME");
    }

    @Test
    void namesThePortThatIsAlreadyInUse() throws Exception {
        var settings = FreePorts.settingsFor(home);
        try (var squatter = new ServerSocket(settings.kafkaPort(), 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalStack.start(settings))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessage("port " + settings.kafkaPort()
                            + " (Kafka broker) is already in use; stop what listens on it or choose another port"
                            + " with ARCLIGHT_KAFKA_PORT");
        }
    }
}
