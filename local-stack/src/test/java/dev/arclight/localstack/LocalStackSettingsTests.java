package dev.arclight.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LocalStackSettingsTests {

    private static Properties properties(String... keysAndValues) {
        var properties = new Properties();
        properties.setProperty("user.home", "/home/dev");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsToTheFixedPortsUnderDotArclightInTheHomeDirectory() {
        var settings = LocalStackSettings.from(Map.of(), properties());

        assertThat(settings.home()).isEqualTo(Path.of("/home/dev/.arclight"));
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.kafkaControllerPort()).isEqualTo(19093);
        assertThat(settings.postgresDataDirectory()).isEqualTo(Path.of("/home/dev/.arclight/postgres"));
        assertThat(settings.kafkaDirectory()).isEqualTo(Path.of("/home/dev/.arclight/kafka"));
    }

    @Test
    void takesHomeAndPortsFromTheEnvironment() {
        var settings = LocalStackSettings.from(
                Map.of("ARCLIGHT_HOME", "/data/arc", "ARCLIGHT_PG_PORT", "25432", "ARCLIGHT_KAFKA_PORT", "29092"),
                properties());

        assertThat(settings.home()).isEqualTo(Path.of("/data/arc"));
        assertThat(settings.postgresPort()).isEqualTo(25432);
        assertThat(settings.kafkaPort()).isEqualTo(29092);
        assertThat(settings.kafkaControllerPort()).isEqualTo(29093);
    }

    @Test
    void letsSystemPropertiesWinOverTheEnvironment() {
        var settings = LocalStackSettings.from(
                Map.of("ARCLIGHT_PG_PORT", "25432"), properties("arclight.pg.port", "35432", "arclight.home", "/p"));

        assertThat(settings.postgresPort()).isEqualTo(35432);
        assertThat(settings.home()).isEqualTo(Path.of("/p"));
    }

    @Test
    void rejectsAPortThatIsNotANumberNamingTheVariable() {
        assertThatThrownBy(() -> LocalStackSettings.from(Map.of("ARCLIGHT_KAFKA_PORT", "kafka"), properties()))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("ARCLIGHT_KAFKA_PORT")
                .hasMessageContaining("'kafka'");
    }
}
