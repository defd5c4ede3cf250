package dev.arclight.placement.registry;

import dev.arclight.placement.lambda.LambdaErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers (a path it refuses before any filter runs, such as one holding {@code
 * %00}; a request it cannot read) in Lambda's shape instead of its HTML page. Errors that Spring
 * handles never get here: they are written already, and the valve only reports an empty error.
 */
public class LambdaErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        boolean service = status >= 500;
        var body = ("{\"Type\":\"" + (service ? "Service" : "User") + "\",\"message\":\""
                        + (service ? "Internal error" : "The request could not be read: malformed path or headers")
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            response.setHeader(
                    LambdaErrors.ERROR_TYPE_HEADER, service ? "ServiceException" : "InvalidRequestContentException");
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the answer already started; nothing more can be said.
        }
    }
}
