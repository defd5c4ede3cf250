package dev.arclight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The Lambda control API, driven with the real AWS SDK for Java v2 through the real gateway, to a
 * real placement-service on a real PostgreSQL and Kafka: what a user of the AWS SDK or CLI sees.
 */
class FunctionRegistryEndToEndTests {

    private static LambdaClient lambda;

    @BeforeAll
    static void connect() {
        lambda = LambdaClients.local();
    }

    @AfterAll
    static void disconnect() {
        lambda.close();
    }

    @Test
    void createsReadsUpdatesAndDeletesAFunction() {
        var name = uniqueName("crud");
        var created = lambda.createFunction(python(name)
                .environment(Environment.builder()
                        .variables(Map.of("GREETING", "hello"))
                        .build())
                .description("first")
                .build());

        assertThat(created.functionName()).isEqualTo(name);
        assertThat(created.functionArn()).matches("arn:aws:lambda:us-east-1:\\d{12}:function:" + name);
        assertThat(created.runtime()).isEqualTo(Runtime.PYTHON3_11);
        assertThat(created.memorySize()).isEqualTo(128);
        assertThat(created.timeout()).isEqualTo(3);
        assertThat(created.codeSize()).isPositive();
        assertThat(created.codeSha256()).isNotBlank();
        assertThat(created.version()).isEqualTo("$LATEST");

        var fetched = lambda.getFunction(r -> r.functionName(name));
        assertThat(fetched.configuration().environment().variables()).containsEntry("GREETING", "hello");
        assertThat(fetched.code().location()).isNotBlank();

        var updatedCode = lambda.updateFunctionCode(r ->
                r.functionName(name).zipFile(FunctionZips.python("def handler(event, context):\n    return 'v2'\n")));
        assertThat(updatedCode.codeSha256()).isNotEqualTo(created.codeSha256());

        var updatedConfiguration = lambda.updateFunctionConfiguration(
                r -> r.functionName(name).memorySize(512).timeout(30).description("second"));
        assertThat(updatedConfiguration.memorySize()).isEqualTo(512);
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(created.functionArn()))
                        .description())
                .isEqualTo("second");

        lambda.deleteFunction(r -> r.functionName(name));
        assertThatThrownBy(() -> lambda.getFunction(r -> r.functionName(name)))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void listsFunctionsPageByPage() {
        var prefix = uniqueName("page");
        for (int i = 0; i < 5; i++) {
            var name = prefix + "-" + i;
            lambda.createFunction(python(name).build());
        }
        var seen = new ArrayList<String>();
        String marker = null;
        int pages = 0;
        do {
            var from = marker;
            var page = lambda.listFunctions(r -> r.maxItems(2).marker(from));
            assertThat(page.functions()).hasSizeLessThanOrEqualTo(2);
            page.functions().stream().map(FunctionConfiguration::functionName).forEach(seen::add);
            marker = page.nextMarker();
            pages++;
        } while (marker != null && pages < 1000);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen.stream().filter(n -> n.startsWith(prefix)))
                .containsExactlyInAnyOrder(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4");
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void publishesImmutableVersionsAndPointsAliasesAtThem() {
        var name = uniqueName("versions");
        lambda.createFunction(python(name).build());
        var v1 = lambda.publishVersion(r -> r.functionName(name).description("one"));
        assertThat(v1.version()).isEqualTo("1");
        lambda.updateFunctionConfiguration(r -> r.functionName(name).memorySize(256));
        var v2 = lambda.publishVersion(r -> r.functionName(name));
        assertThat(v2.version()).isEqualTo("2");

        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(name).qualifier("1"))
                        .memorySize())
                .isEqualTo(128);
        assertThat(lambda.listVersionsByFunction(r -> r.functionName(name)).versions())
                .extracting(FunctionConfiguration::version)
                .containsExactly("$LATEST", "1", "2");

        var alias = lambda.createAlias(r -> r.functionName(name)
                .name("live")
                .functionVersion("1")
                .routingConfig(AliasRoutingConfiguration.builder()
                        .additionalVersionWeights(Map.of("2", 0.25))
                        .build()));
        assertThat(alias.aliasArn()).endsWith(":function:" + name + ":live");
        assertThat(lambda.getAlias(r -> r.functionName(name).name("live"))
                        .routingConfig()
                        .additionalVersionWeights())
                .containsEntry("2", 0.25);

        lambda.updateAlias(r -> r.functionName(name)
                .name("live")
                .functionVersion("2")
                .routingConfig(AliasRoutingConfiguration.builder().build()));
        assertThat(lambda.listAliases(r -> r.functionName(name)).aliases())
                .singleElement()
                .satisfies(a -> assertThat(a.functionVersion()).isEqualTo("2"));

        lambda.deleteAlias(r -> r.functionName(name).name("live"));
        assertThatThrownBy(() -> lambda.getAlias(r -> r.functionName(name).name("live")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.getFunctionConfiguration(
                        r -> r.functionName(name).qualifier("7")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void storesReservedAndProvisionedConcurrency() {
        var name = uniqueName("concurrency");
        lambda.createFunction(python(name).build());
        lambda.publishVersion(r -> r.functionName(name));

        assertThat(lambda.putFunctionConcurrency(r -> r.functionName(name).reservedConcurrentExecutions(7))
                        .reservedConcurrentExecutions())
                .isEqualTo(7);
        assertThat(lambda.getFunctionConcurrency(r -> r.functionName(name)).reservedConcurrentExecutions())
                .isEqualTo(7);
        assertThat(lambda.getFunction(r -> r.functionName(name)).concurrency().reservedConcurrentExecutions())
                .isEqualTo(7);

        var provisioned = lambda.putProvisionedConcurrencyConfig(
                r -> r.functionName(name).qualifier("1").provisionedConcurrentExecutions(2));
        assertThat(provisioned.requestedProvisionedConcurrentExecutions()).isEqualTo(2);
        assertThat(lambda.getProvisionedConcurrencyConfig(
                                r -> r.functionName(name).qualifier("1"))
                        .requestedProvisionedConcurrentExecutions())
                .isEqualTo(2);
        assertThatThrownBy(() -> lambda.putProvisionedConcurrencyConfig(
                        r -> r.functionName(name).qualifier("$LATEST").provisionedConcurrentExecutions(1)))
                .isInstanceOf(InvalidParameterValueException.class);

        lambda.deleteProvisionedConcurrencyConfig(r -> r.functionName(name).qualifier("1"));
        lambda.deleteFunctionConcurrency(r -> r.functionName(name));
        assertThat(lambda.getFunctionConcurrency(r -> r.functionName(name)).reservedConcurrentExecutions())
                .isNull();

        var settings = lambda.getAccountSettings(r -> {});
        assertThat(settings.accountLimit().concurrentExecutions()).isPositive();
        assertThat(settings.accountUsage().functionCount()).isPositive();
    }

    @Test
    void answersLambdasErrorTypes() {
        var name = uniqueName("errors");
        lambda.createFunction(python(name).build());

        assertThatThrownBy(() -> lambda.createFunction(python(name).build()))
                .isInstanceOf(ResourceConflictException.class)
                .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(409));
        assertThatThrownBy(() -> lambda.createFunction(
                        python(uniqueName("runtime")).runtime("cobol85").build()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> lambda.createFunction(
                        python(uniqueName("memory")).memorySize(100).build()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> lambda.createFunction(
                        python(uniqueName("memory")).memorySize(10241).build()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> lambda.createFunction(python(uniqueName("zip"))
                        .code(c -> c.zipFile(SdkBytes.fromUtf8String("this is not a zip")))
                        .build()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> lambda.createFunction(
                        python(uniqueName("handler")).handler(null).build()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> lambda.createFunction(python("x".repeat(65)).build()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> lambda.createFunction(python("bad.name!").build()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> lambda.getFunction(r -> r.functionName(uniqueName("missing"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void refusesACodePackageOverLambdasLimit() {
        var name = uniqueName("large");
        // 51 MiB of incompressible content: over the 50 MB zipped limit, under the request limit.
        assertThatThrownBy(() -> lambda.createFunction(python(name)
                        .code(c -> c.zipFile(FunctionZips.incompressible(51 * 1024 * 1024)))
                        .build()))
                .isInstanceOf(RequestTooLargeException.class)
                .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(413));
        assertThatThrownBy(() -> lambda.getFunction(r -> r.functionName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void keepsEachTenantsFunctionsToItself() {
        var name = uniqueName("private");
        lambda.createFunction(python(name).build());
        try (var other = LambdaClients.forTenant(TestTenants.OTHER_ACCESS_KEY, TestTenants.OTHER_SECRET)) {
            assertThatThrownBy(() -> other.getFunction(r -> r.functionName(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> other.deleteFunction(r -> r.functionName(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(other.listFunctions().functions())
                    .extracting(FunctionConfiguration::functionName)
                    .doesNotContain(name);
            // The same name is free in another tenant's account.
            var theirs = other.createFunction(python(name).build());
            assertThat(theirs.functionArn())
                    .isNotEqualTo(lambda.getFunction(r -> r.functionName(name))
                            .configuration()
                            .functionArn());
        }
        assertThat(lambda.getFunction(r -> r.functionName(name))).isNotNull();
    }

    @Test
    void rejectsARequestSignedWithTheWrongSecret() {
        try (var forged = LambdaClients.forTenant(TestTenants.LOCAL_ACCESS_KEY, "not-the-secret")) {
            assertThatThrownBy(forged::listFunctions)
                    .isInstanceOf(LambdaException.class)
                    .satisfies(e -> {
                        var error = (LambdaException) e;
                        assertThat(error.statusCode()).isEqualTo(403);
                        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
        try (var unknown = LambdaClients.forTenant("AKIDNOBODYKNOWS00000", "whatever")) {
            assertThatThrownBy(unknown::listFunctions)
                    .isInstanceOf(LambdaException.class)
                    .satisfies(
                            e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(403));
        }
    }

    static CreateFunctionRequest.Builder python(String name) {
        return CreateFunctionRequest.builder()
                .functionName(name)
                .runtime(Runtime.PYTHON3_11)
                .handler("handler.handler")
                .role("arn:aws:iam::000000000000:role/arclight")
                .code(c -> c.zipFile(FunctionZips.echoPython()));
    }

    static String uniqueName(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
