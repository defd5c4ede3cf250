package dev.arclight.placement.registry;

import dev.arclight.testkit.WithRealInfrastructure;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/** One application on a random port with real PostgreSQL and Kafka, shared by the registry's tests. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@WithRealInfrastructure(database = "placement", kafka = true)
abstract class RegistryTestSupport {

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcClient jdbc;

    LambdaApi api;

    /** A fresh tenant per test, so tests never see each other's functions. */
    String tenant;

    @BeforeEach
    void setUpApi() {
        api = new LambdaApi(client);
        tenant = newTenant();
    }

    static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    String accountOf(String tenantName) {
        return jdbc.sql("SELECT account_id FROM tenants WHERE name = ?")
                .param(tenantName)
                .query(String.class)
                .single();
    }

    long rows(String table, String tenantName) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE tenant = ?")
                .param(tenantName)
                .query(Long.class)
                .single();
    }
}
