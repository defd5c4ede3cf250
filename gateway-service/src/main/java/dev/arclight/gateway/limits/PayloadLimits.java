package dev.arclight.gateway.limits;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Which limit a request's body is held to: the code uploads get the larger one, asynchronous
 * invocations ({@code Event}) the smaller one, as on Lambda.
 */
@Component
public class PayloadLimits {

    /** {@code POST /2015-03-31/functions}: CreateFunction. */
    private static final Pattern CREATE_FUNCTION = Pattern.compile("/2015-03-31/functions/?");

    /** {@code PUT /2015-03-31/functions/{name}/code}: UpdateFunctionCode. */
    private static final Pattern UPDATE_FUNCTION_CODE = Pattern.compile("/2015-03-31/functions/[^/]+/code/?");

    /** {@code POST /2015-03-31/functions/{name}/invocations}: Invoke. */
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/[^/]+/invocations/?");

    /** Lambda's header naming the invocation type; {@code RequestResponse} when absent. */
    public static final String INVOCATION_TYPE_HEADER = "X-Amz-Invocation-Type";

    private final PayloadLimitProperties properties;

    PayloadLimits(PayloadLimitProperties properties) {
        this.properties = properties;
    }

    /** How many bytes past its limit a refused body is still read, and thrown away. */
    public long discardBytes() {
        return properties.discard().toBytes();
    }

    /** The most bytes the body of {@code method path} (the raw path) may have. */
    public long maxBytes(HttpMethod method, String path) {
        return maxBytes(method, path, null);
    }

    /**
     * The most bytes the body of {@code method path} (the raw path) may have, when it carries
     * {@code invocationType} in {@value #INVOCATION_TYPE_HEADER} (or null).
     */
    public long maxBytes(HttpMethod method, String path, @Nullable String invocationType) {
        if (HttpMethod.POST.equals(method)
                && "Event".equals(invocationType)
                && INVOKE.matcher(path).matches()) {
            return properties.event().toBytes();
        }
        boolean codeUpload =
                HttpMethod.POST.equals(method) && CREATE_FUNCTION.matcher(path).matches()
                        || HttpMethod.PUT.equals(method)
                                && UPDATE_FUNCTION_CODE.matcher(path).matches();
        return (codeUpload ? properties.functionCode() : properties.request()).toBytes();
    }
}
