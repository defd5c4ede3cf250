package dev.arclight.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealInfrastructureIntegrationTests {

    @Test
    void startsEachServerOncePerJvm() {
        assertThat(RealInfrastructure.postgres()).isSameAs(RealInfrastructure.postgres());
        assertThat(RealInfrastructure.kafka()).isSameAs(RealInfrastructure.kafka());
    }

    @Test
    void serviceRoleUsesItsOwnSchemaButCannotReadAnothers() throws SQLException {
        var postgres = RealInfrastructure.postgres();
        var pool = postgres.databaseFor("pool");
        var placement = postgres.databaseFor("placement");
        try (var connection =
                        postgres.dataSource(pool.username(), pool.password()).getConnection();
                var sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS pool.secrets (id int)");
        }
        try (var connection = postgres.dataSource(placement.username(), placement.password())
                        .getConnection();
                var sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS things (id int)"); // lands in its own schema
            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM pool.secrets"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("CREATE TABLE public.leak (id int)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void kafkaDeliversWhatWasPublished() {
        var kafka = new KafkaTestClient(RealInfrastructure.kafka());
        kafka.publish("testkit.echo", "k1", "{\"hello\":\"kafka\"}", Map.of());
        var record = kafka.awaitRecord("testkit.echo", r -> "k1".equals(r.key()), Duration.ofSeconds(30));
        assertThat(record).hasValueSatisfying(r -> assertThat(r.value()).isEqualTo("{\"hello\":\"kafka\"}"));
    }
}
