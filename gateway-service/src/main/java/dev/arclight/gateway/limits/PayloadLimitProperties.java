package dev.arclight.gateway.limits;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 * @param discard how much of a body over its limit is still read and thrown away so the caller,
 *     still sending, can read the 413 (a connection closed under a sending client is a reset, which
 *     the SDKs report as a network error); beyond that the connection is closed
 */
@Validated
@ConfigurationProperties("arclight.gateway.limits")
public record PayloadLimitProperties(
        @NotNull DataSize request,
        @NotNull DataSize event,
        @NotNull DataSize functionCode,
        @DefaultValue("16MB") @NotNull DataSize discard) {

    public PayloadLimitProperties {
        if (request != null && request.toBytes() <= 0) {
            throw new IllegalArgumentException("arclight.gateway.limits.request must be positive, was " + request);
        }
        if (event != null && event.toBytes() <= 0) {
            throw new IllegalArgumentException("arclight.gateway.limits.event must be positive, was " + event);
        }
        if (discard != null && discard.isNegative()) {
            throw new IllegalArgumentException("arclight.gateway.limits.discard must not be negative, was " + discard);
        }
        if (request != null && functionCode != null && functionCode.compareTo(request) < 0) {
            throw new IllegalArgumentException("arclight.gateway.limits.function-code (" + functionCode
                    + ") must be at least arclight.gateway.limits.request (" + request + ")");
        }
    }
}
