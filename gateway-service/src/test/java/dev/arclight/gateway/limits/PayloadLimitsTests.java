package dev.arclight.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

class PayloadLimitsTests {

    private final PayloadLimits limits = new PayloadLimits(new PayloadLimitProperties(
            DataSize.ofMegabytes(6), DataSize.ofMegabytes(1), DataSize.ofMegabytes(70), DataSize.ofMegabytes(16)));

    @Test
    void givesTheCodeUploadsTheLargerLimit() {
        assertThat(limits.maxBytes(HttpMethod.POST, "/2015-03-31/functions")).isEqualTo(70L * 1024 * 1024);
        assertThat(limits.maxBytes(HttpMethod.PUT, "/2015-03-31/functions/hello/code"))
                .isEqualTo(70L * 1024 * 1024);
        assertThat(limits.maxBytes(
                        HttpMethod.PUT, "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Ah/code"))
                .isEqualTo(70L * 1024 * 1024);
    }

    @Test
    void holdsEverythingElseToTheRequestLimit() {
        assertThat(limits.maxBytes(HttpMethod.POST, "/2015-03-31/functions/hello/invocations"))
                .isEqualTo(6L * 1024 * 1024);
        assertThat(limits.maxBytes(HttpMethod.PUT, "/2015-03-31/functions/hello/configuration"))
                .isEqualTo(6L * 1024 * 1024);
        assertThat(limits.maxBytes(HttpMethod.PUT, "/2015-03-31/functions")).isEqualTo(6L * 1024 * 1024);
        assertThat(limits.maxBytes(HttpMethod.POST, "/2015-03-31/functions/hello/code"))
                .isEqualTo(6L * 1024 * 1024);
        assertThat(limits.maxBytes(HttpMethod.PUT, "/2015-03-31/functions/a/b/code"))
                .isEqualTo(6L * 1024 * 1024);
    }

    @Test
    void holdsAnEventInvocationToTheEventLimitAndOtherInvocationTypesToTheRequestLimit() {
        var invoke = "/2015-03-31/functions/hello/invocations";
        assertThat(limits.maxBytes(HttpMethod.POST, invoke, "Event")).isEqualTo(1024L * 1024);
        assertThat(limits.maxBytes(HttpMethod.POST, invoke, "RequestResponse")).isEqualTo(6L * 1024 * 1024);
        assertThat(limits.maxBytes(HttpMethod.POST, invoke, "DryRun")).isEqualTo(6L * 1024 * 1024);
        assertThat(limits.maxBytes(HttpMethod.POST, invoke, null)).isEqualTo(6L * 1024 * 1024);
        // Only Invoke knows invocation types: the header elsewhere changes nothing.
        assertThat(limits.maxBytes(HttpMethod.PUT, "/2015-03-31/functions/hello/configuration", "Event"))
                .isEqualTo(6L * 1024 * 1024);
    }

    @Test
    void rejectsACodeLimitBelowTheRequestLimit() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PayloadLimitProperties(
                        DataSize.ofMegabytes(6),
                        DataSize.ofMegabytes(1),
                        DataSize.ofMegabytes(1),
                        DataSize.ofMegabytes(16)))
                .withMessageContaining("arclight.gateway.limits.function-code");
    }
}
