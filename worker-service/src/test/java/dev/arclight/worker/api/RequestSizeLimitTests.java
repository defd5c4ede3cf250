package dev.arclight.worker.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestSizeLimitTests {

    @Test
    void allowsAFiftyMegabyteZipOnlyWhereContainersStart() {
        assertThat(RequestSizeLimit.limitFor("/vms/vm-1/containers")).isEqualTo(70L * 1024 * 1024);
        assertThat(RequestSizeLimit.limitFor("/vms")).isEqualTo(64L * 1024);
        assertThat(RequestSizeLimit.limitFor("/vms/vm-1/memory")).isEqualTo(64L * 1024);
    }

    @Test
    void allowsAnEscapedSixMegabytePayloadOnInvocations() {
        assertThat(RequestSizeLimit.limitFor("/containers/c-1/invocations")).isEqualTo(12L * 1024 * 1024);
        assertThat(RequestSizeLimit.limitFor("/containers/c-1")).isEqualTo(64L * 1024);
    }
}
