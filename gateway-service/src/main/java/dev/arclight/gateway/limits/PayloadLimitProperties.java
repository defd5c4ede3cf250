package dev.arclight.gateway.limits;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The largest request bodies the gateway accepts.
 *
 * @param request any request, a synchronous ({@code RequestResponse}) or {@code DryRun} invocation's
 *     payload included (Lambda: 6 MB)
 * @param event an asynchronous ({@code X-Amz-Invocation-Type: Event}) invocation's payload (Lambda:
 *     1 MB)
 * @param functionCode CreateFunction and UpdateFunctionCode, which carry the zip inline as base64
 *     (Lambda: 50 MB zipped, so about 70 MB of JSON)
 */
@Validated
@ConfigurationProperties("arclight.gateway.limits")
public record PayloadLimitProperties(
        @NotNull DataSize request,
        @NotNull DataSize event,
        @NotNull DataSize functionCode) {

    public PayloadLimitProperties {
        if (request != null && request.toBytes() <= 0) {
            throw new IllegalArgumentException("arclight.gateway.limits.request must be positive, was " + request);
        }
        if (event != null && event.toBytes() <= 0) {
            throw new IllegalArgumentException("arclight.gateway.limits.event must be positive, was " + event);
        }
        if (request != null && functionCode != null && functionCode.compareTo(request) < 0) {
            throw new IllegalArgumentException("arclight.gateway.limits.function-code (" + functionCode
                    + ") must be at least arclight.gateway.limits.request (" + request + ")");
        }
    }
}
