package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException.ResourceNotFoundException;
import dev.arclight.placement.registry.function.FunctionLookup;
import dev.arclight.placement.tenant.TenantDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The resolved-function cache of a second placement instance (its own {@link ResolvedCache},
 * {@link FunctionResolver} and {@link RegistryChangeFollower} on the same PostgreSQL and Kafka)
 * sees the changes made through the control API of this one, through the registry topic. Its TTL
 * is 10 minutes, so nothing but the topic can make it read again.
 */
class FunctionCacheIntegrationTests extends InvocationTestSupport {

    static final Duration SEEN_WITHIN = Duration.ofSeconds(10);

    @Autowired
    TenantDirectory tenants;

    @Autowired
    FunctionArns arns;

    @Autowired
    FunctionLookup lookup;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    KafkaProperties kafka;

    @Autowired
    FunctionResolver thisInstance;

    ResolvedCache<FunctionResolver.Target> otherCache;
    RegistryChangeFollower otherFollower;
    FunctionResolver otherInstance;

    @BeforeEach
    void otherInstance() throws InterruptedException {
        otherCache = new ResolvedCache<>(Clock.systemUTC(), Duration.ofMinutes(10), 100);
        otherFollower = new RegistryChangeFollower(kafka.buildConsumerProperties(), otherCache, JSON);
        otherFollower.start();
        otherInstance = new FunctionResolver(tenants, arns, lookup, transactions, otherCache);
        await(otherCache::live, "the other instance follows the topic");
    }

    @AfterEach
    void stopOtherInstance() {
        otherFollower.stop();
    }

    @Test
    void anUpdateAndADeleteOnOneInstanceReachTheCacheOfTheOther() throws InterruptedException {
        createFunction("cached", "ok", 3);
        var caller = new Caller(tenant, accountId());
        var latest = new FunctionReference("cached", null);
        assertThat(memoryOf(otherInstance, caller, latest)).isEqualTo(128);
        long loads = otherCache.loads();
        assertThat(memoryOf(otherInstance, caller, latest)).isEqualTo(128);
        assertThat(otherCache.loads()).as("a warm resolve reads nothing").isEqualTo(loads);

        var updated =
                call(HttpMethod.PUT, "/2015-03-31/functions/cached/configuration", Map.of(), Map.of("MemorySize", 256));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(memoryOf(thisInstance, caller, latest))
                .as("the writing instance at once")
                .isEqualTo(256);
        await(() -> memoryOf(otherInstance, caller, latest) == 256, "the other instance sees the update");

        assertThat(call(HttpMethod.DELETE, "/2015-03-31/functions/cached", Map.of(), null)
                        .status())
                .isEqualTo(204);
        assertThatThrownBy(() -> thisInstance.resolve(caller, latest)).isInstanceOf(ResourceNotFoundException.class);
        await(() -> gone(otherInstance, caller, latest), "the other instance sees the delete");
    }

    @Test
    void anAliasMovedOnOneInstanceIsFollowedOnTheOther() throws InterruptedException {
        createFunction("aliased", "ok", 3);
        var caller = new Caller(tenant, accountId());
        assertThat(call(HttpMethod.POST, "/2015-03-31/functions/aliased/versions", Map.of(), Map.of())
                        .status())
                .isEqualTo(201);
        call(
                HttpMethod.POST,
                "/2015-03-31/functions/aliased/aliases",
                Map.of(),
                Map.of("Name", "live", "FunctionVersion", "1"));
        var live = new FunctionReference("aliased", "live");
        assertThat(otherInstance.resolve(caller, live).version().versionName()).isEqualTo("1");

        call(HttpMethod.PUT, "/2015-03-31/functions/aliased/configuration", Map.of(), Map.of("MemorySize", 512));
        call(HttpMethod.POST, "/2015-03-31/functions/aliased/versions", Map.of(), Map.of());
        assertThat(call(
                                HttpMethod.PUT,
                                "/2015-03-31/functions/aliased/aliases/live",
                                Map.of(),
                                Map.of("FunctionVersion", "2"))
                        .status())
                .isEqualTo(200);
        await(
                () -> otherInstance
                        .resolve(caller, live)
                        .version()
                        .versionName()
                        .equals("2"),
                "the other instance follows the alias");
        assertThat(memoryOf(otherInstance, caller, live)).isEqualTo(512);
    }

    static int memoryOf(FunctionResolver resolver, Caller caller, FunctionReference reference) {
        return resolver.resolve(caller, reference).version().settings().memoryMib();
    }

    static boolean gone(FunctionResolver resolver, Caller caller, FunctionReference reference) {
        try {
            resolver.resolve(caller, reference);
            return false;
        } catch (ResourceNotFoundException e) {
            return true;
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + SEEN_WITHIN + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
