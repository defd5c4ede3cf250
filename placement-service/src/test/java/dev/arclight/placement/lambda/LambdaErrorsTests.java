package dev.arclight.placement.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.lambda.LambdaException.ResourceNotFoundException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class LambdaErrorsTests {

    final JsonMapper json = JsonMapper.builder().build();
    final LambdaErrors errors = new LambdaErrors(json);

    @Test
    void rendersAThrottleAsLambdasTooManyRequestsWithReasonAndRetryAfter() {
        var response = errors.render(new TooManyRequestsException(
                "Rate Exceeded.", Reason.ReservedFunctionConcurrentInvocationLimitExceeded, Duration.ofSeconds(3)));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(response.getHeaders().getFirst(LambdaErrors.ERROR_TYPE_HEADER))
                .isEqualTo("TooManyRequestsException");
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("3");
        assertThat(json.writeValueAsString(response.getBody()))
                .isEqualTo("{\"Type\":\"User\",\"message\":\"Rate Exceeded.\","
                        + "\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"}");
    }

    @Test
    void writesTheSameShapeWhenNoHandlerIsInvolved() throws Exception {
        var response = new MockHttpServletResponse();
        errors.write(
                new TooManyRequestsException(
                        "Rate Exceeded.", Reason.ConcurrentInvocationLimitExceeded, Duration.ofMillis(1_500)),
                response);

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        assertThat(response.getContentAsString())
                .contains("\"Reason\":\"ConcurrentInvocationLimitExceeded\"")
                .contains("\"Type\":\"User\"");
    }

    @Test
    void leavesReasonAndRetryAfterOffOtherErrors() {
        var response = errors.render(new ResourceNotFoundException("Function not found"));

        assertThat(response.getHeaders().containsHeader("Retry-After")).isFalse();
        assertThat(json.writeValueAsString(response.getBody()))
                .isEqualTo("{\"Type\":\"User\",\"message\":\"Function not found\"}");
    }
}
