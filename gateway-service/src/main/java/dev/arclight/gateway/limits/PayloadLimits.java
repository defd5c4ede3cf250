package dev.arclight.gateway.limits;

import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/** Which limit a request's body is held to: the code uploads get the larger one. */
@Component
public class PayloadLimits {

    /** {@code POST /2015-03-31/functions}: CreateFunction. */
    private static final Pattern CREATE_FUNCTION = Pattern.compile("/2015-03-31/functions/?");

    /** {@code PUT /2015-03-31/functions/{name}/code}: UpdateFunctionCode. */
    private static final Pattern UPDATE_FUNCTION_CODE = Pattern.compile("/2015-03-31/functions/[^/]+/code/?");

    private final PayloadLimitProperties properties;

    PayloadLimits(PayloadLimitProperties properties) {
        this.properties = properties;
    }

    /** The most bytes the body of {@code method path} (the raw path) may have. */
    public long maxBytes(HttpMethod method, String path) {
        boolean codeUpload =
                HttpMethod.POST.equals(method) && CREATE_FUNCTION.matcher(path).matches()
                        || HttpMethod.PUT.equals(method)
                                && UPDATE_FUNCTION_CODE.matcher(path).matches();
        return (codeUpload ? properties.functionCode() : properties.request()).toBytes();
    }
}
